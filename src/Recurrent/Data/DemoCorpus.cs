// The built-in demo text: an endless little play in plain invented English, written on the fly by
// the small grammar in this file. It is generated rather than shipped so that the repository holds
// no borrowed prose (nothing copied, no licence to track) and so that a seed fixes every byte on
// every machine and .NET version (Recurrent.Numerics.Rng, not System.Random). The grammar is small
// on purpose: about 250 words, 54 distinct characters, scenes, speaker names and blank lines, so
// that a character LSTM with 128 hidden units can pick up the shape of the text in a short run.
// It is not meant to read well; it is meant to be learnable and clean.
using System.Text;
using Recurrent.Numerics;

namespace Recurrent.Data;

/// <summary>Deterministic English-like demo text: a play with a small invented cast, made by a grammar.</summary>
public static class DemoCorpus
{
    /// <summary>The name the command line accepts for this text (<c>--data demo</c>).</summary>
    public const string Name = "demo";

    /// <summary>The smallest request <see cref="Generate"/> accepts.</summary>
    public const int MinCharacters = 100;

    /// <summary>The largest request <see cref="Generate"/> accepts.</summary>
    public const int MaxCharacters = 100_000_000;

    /// <summary>
    /// The text for <paramref name="seed"/>, cut after the last line end that keeps it within
    /// <paramref name="characters"/> characters. Only printable ASCII and '\n' appear; the text ends
    /// with '\n'. A shorter request for the same seed gives a prefix of a longer one.
    /// </summary>
    /// <param name="characters">The most characters to return; the result is shorter by less than one line.</param>
    /// <param name="seed">Picks the text; the same seed gives the same text everywhere.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="characters"/> is below <see cref="MinCharacters"/> or above <see cref="MaxCharacters"/>.
    /// </exception>
    public static string Generate(int characters = 200_000, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(characters, MinCharacters);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(characters, MaxCharacters);
        return new Writer(new Rng(seed), characters).Write();
    }

    private enum Person { First, Second, Third, Plural }

    // The lexicon. Irregular noun plurals and all verb pasts are written out after ':'.
    private static readonly string[] Cast = ["Marlo", "Tessa", "Odrin", "Fenna", "Belka"];
    private static readonly string[] Tags = ["MARLO:\n", "TESSA:\n", "ODRIN:\n", "FENNA:\n", "BELKA:\n"];

    private static readonly (string One, string Many)[] Nouns = Lexicon(
        "king queen miller sailor child:children man:men woman:women maiden shepherd soldier stranger " +
        "river bridge lamp lantern key door garden tower road ship bell candle letter crown sword ring " +
        "bird horse wolf:wolves fox apple stone tree hill field window song wind night morning moon star " +
        "sea fire house cup mill boat cloak book heart hand voice name gate wall shadow well village " +
        "forest feather coin dream storm harbor rope mountain jewel knife:knives leaf:leaves owl");

    private static readonly string[] Places =
        Words("mill bridge garden tower harbor forest village road hill house field well gate wall");

    private static readonly string[] Adjectives = Words(
        "old young quiet bright cold dark golden silver little tall gentle wild strange broken hollow " +
        "green red pale proud sleepy empty heavy sweet bitter narrow ancient merry lonely kind cruel " +
        "clever foolish secret distant warm grey white black frozen weary");

    private static readonly (string Base, string Past)[] Transitive = Lexicon(
        "carry:carried find:found keep:kept hold:held take:took bring:brought see:saw love:loved " +
        "follow:followed open:opened close:closed break:broke mend:mended watch:watched call:called " +
        "seek:sought leave:left remember:remembered steal:stole guard:guarded burn:burned fear:feared " +
        "meet:met hide:hid lose:lost sell:sold wake:woke hear:heard kiss:kissed want:wanted");

    private static readonly (string Base, string Past)[] Intransitive = Lexicon(
        "walk:walked sing:sang sleep:slept wait:waited run:ran fall:fell weep:wept laugh:laughed " +
        "dance:danced wander:wandered rest:rested listen:listened come:came go:went sit:sat " +
        "stand:stood shine:shone whisper:whispered hurry:hurried pray:prayed");

    private static readonly (string Base, string Past)[] Thinking = Lexicon(
        "know:knew think:thought say:said swear:swore hope:hoped believe:believed dream:dreamed");

    // Imperatives are a subset so that few new capitals appear at sentence starts.
    private static readonly string[] CommandsWithObject =
        Words("bring take find keep follow hold open watch leave guard hide wake mend call");
    private static readonly string[] CommandsAlone = Words("come go wait listen sing sleep rest hurry sit stand");

    private static readonly string[] Prepositions = Words(
        "to into across through over under by near beyond behind toward from with along around");
    private static readonly string[] Adverbs =
        ["tonight", "again", "slowly", "softly", "alone", "together", "at dawn", "in the dark", "at last", "forever"];
    private static readonly string[] Openers =
        ["now ", "then ", "tonight ", "soon ", "alas, ", "yes, ", "no, ", "still, ", "at dawn ", "in the morning "];
    private static readonly string[] Conjunctions =
        [", and ", ", but ", ", for ", ", so ", " while ", " because ", " when ", " until ", ", yet "];
    private static readonly string[] Beside = ["by", "near", "behind"];
    private static readonly string[] Times = ["at night", "at dawn", "at dusk", "in the morning", "in the rain", "in winter"];
    private static readonly string[] Modals = Words("will shall must cannot can may would could");
    private static readonly string[] QuestionModals = Words("will shall must can may would could");
    private static readonly string[] WhWords = Words("where why when how");
    private static readonly string[] OneDeterminers = Words("my your our his her this that every no");
    private static readonly string[] ManyDeterminers = Words("some these those my your our two three many");
    private static readonly string[] ObjectPronouns = Words("me you him her us them");

    private static string[] Words(string list) => list.Split(' ');

    private static (string, string)[] Lexicon(string list) =>
        Words(list).Select(w => w.Split(':') is [var a, var b] ? (a, b) : (w, Plural(w))).ToArray();

    // Regular English plural of a noun: fox -> foxes, story -> stories, bird -> birds.
    private static string Plural(string noun) =>
        noun.EndsWith('s') || noun.EndsWith('x') || noun.EndsWith("ch") || noun.EndsWith("sh") ? noun + "es"
        : noun.EndsWith('y') && !IsVowel(noun[^2]) ? noun[..^1] + "ies"
        : noun + "s";

    // Present third person singular: go -> goes, watch -> watches, carry -> carries, sing -> sings.
    private static string ThirdPerson(string verb) =>
        verb.EndsWith('o') ? verb + "es" : Plural(verb);

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    /// <summary>Writes scenes and speeches into one buffer until it passes the limit, then cuts it.</summary>
    private sealed class Writer(Rng rng, int limit)
    {
        private readonly StringBuilder _text = new(limit + 1024);
        private int[] _present = [];  // indices into Cast of those on stage
        private int _speechesLeft;
        private int _speaker = -1;
        private int _listener;

        public string Write()
        {
            while (_text.Length <= limit)
            {
                if (_speechesLeft == 0) Scene();
                Speech();
            }
            int end = limit - 1;  // the first scene line is shorter than MinCharacters, so this finds one
            while (_text[end] != '\n') end--;
            return _text.ToString(0, end + 1);
        }

        private void Scene()
        {
            _text.Append("SCENE: ");
            int start = _text.Length;
            Article(Chance(0.5) ? Pick(Adjectives) + " " : "", Pick(Places));
            if (Chance(0.4)) _text.Append(' ').Append(Pick(Beside)).Append(" the ").Append(Pick(Places));
            if (Chance(0.6)) _text.Append(", ").Append(Pick(Times));
            _text.Append(".\n\n");
            Capitalize(start);

            int count = 2 + rng.NextInt(2);
            _present = new int[count];
            for (int k = 0; k < count; k++)
            {
                int who;
                do who = rng.NextInt(Cast.Length); while (Array.IndexOf(_present, who, 0, k) >= 0);
                _present[k] = who;
            }
            _speechesLeft = 6 + rng.NextInt(10);
            _speaker = -1;
        }

        private void Speech()
        {
            int speaker;
            do speaker = _present[rng.NextInt(_present.Length)]; while (speaker == _speaker);
            if (_speaker >= 0) _listener = _speaker;
            else do _listener = _present[rng.NextInt(_present.Length)]; while (_listener == speaker);
            _speaker = speaker;

            _text.Append(Tags[speaker]);
            int lines = Chance(0.5) ? 1 : Chance(0.6) ? 2 : 3;
            for (int k = 0; k < lines; k++)
            {
                int start = _text.Length;
                Sentence();
                if (_text.Length - start < 60 && Chance(0.5))
                {
                    _text.Append(' ');
                    Sentence();
                }
                _text.Append('\n');
            }
            _text.Append('\n');
            _speechesLeft--;
        }

        private void Sentence()
        {
            int start = _text.Length;
            double r = rng.NextDouble();
            if (r < 0.5) Statement();
            else if (r < 0.72) Question();
            else if (r < 0.9) Command();
            else Exclamation();
            Capitalize(start);
        }

        private void Statement()
        {
            bool past = Chance(0.45);
            if (Chance(0.12)) _text.Append(Pick(Openers));
            else if (Chance(0.08)) _text.Append(Cast[_listener]).Append(", ");
            Clause(past, 0);
            if (Chance(0.3))
            {
                _text.Append(Pick(Conjunctions));
                Clause(past, 1);
            }
            else if (Chance(0.08))
            {
                _text.Append("; ");
                Clause(Chance(0.5), 1);
            }
            _text.Append(Chance(0.1) ? '!' : '.');
        }

        private void Question()
        {
            bool past = Chance(0.4);
            Person p = PickPerson();
            double r = rng.NextDouble();
            if (r < 0.22)
            {
                _text.Append(Pick(QuestionModals)).Append(' ');
                Subject(p);
                _text.Append(' ');
                BasePredicate(allowBe: true);
            }
            else if (r < 0.45)
            {
                if (Chance(0.6)) _text.Append(Pick(WhWords)).Append(' ');
                _text.Append(Do(past, p)).Append(' ');
                Subject(p);
                _text.Append(' ');
                BasePredicate(allowBe: false);
            }
            else if (r < 0.58)
            {
                _text.Append("where ").Append(Be(past, p)).Append(' ');
                Subject(p);
            }
            else if (r < 0.72)
            {
                _text.Append("who");
                Predicate(past, Person.Third, 1, contract: false);
            }
            else if (r < 0.86)
            {
                _text.Append("what ").Append(Do(past, p)).Append(' ');
                Subject(p);
                _text.Append(' ').Append(Pick(Transitive).Base);
                Tail(0.5, 0.2);
            }
            else
            {
                _text.Append(Be(past, p)).Append(' ');
                Subject(p);
                _text.Append(' ').Append(Pick(Adjectives));
            }
            if (Chance(0.15)) _text.Append(", ").Append(Cast[_listener]);
            _text.Append('?');
        }

        private void Command()
        {
            double r = rng.NextDouble();
            if (r < 0.45)
            {
                _text.Append(Pick(CommandsWithObject)).Append(' ');
                Object();
                Tail(0.35, 0.15);
                if (Chance(0.25))
                {
                    _text.Append(", and ").Append(Pick(CommandsAlone));
                    Tail(0.6, 0.2);
                }
            }
            else if (r < 0.7)
            {
                _text.Append(Pick(CommandsAlone));
                Tail(0.7, 0.25);
            }
            else if (r < 0.85)
            {
                _text.Append("let us ");
                BasePredicate(allowBe: true);
            }
            else
            {
                _text.Append("don't ");
                BasePredicate(allowBe: true);
            }
            if (Chance(0.3)) _text.Append(", ").Append(Cast[_listener]);
            _text.Append(Chance(0.5) ? '!' : '.');
        }

        private void Exclamation()
        {
            double r = rng.NextDouble();
            if (r < 0.3)
                _text.Append("o ").Append(Pick(Adjectives)).Append(' ').Append(Pick(Nouns).One).Append('!');
            else if (r < 0.55)
            {
                _text.Append("what ");
                Article(Pick(Adjectives) + " ", Pick(Nouns).One);
                _text.Append('!');
            }
            else if (r < 0.8)
            {
                bool plural = Chance(0.3);
                var noun = Pick(Nouns);
                _text.Append("how ").Append(Pick(Adjectives)).Append(" the ").Append(plural ? noun.Many : noun.One)
                     .Append(' ').Append(Be(Chance(0.4), plural ? Person.Plural : Person.Third)).Append('!');
            }
            else
                _text.Append("alas, poor ").Append(OtherName()).Append('!');
        }

        // Subject and predicate; depth stops clauses nesting more than once.
        private void Clause(bool past, int depth)
        {
            Person p = PickPerson();
            bool pronoun = Subject(p);
            Predicate(past, p, depth, contract: pronoun);
        }

        private Person PickPerson()
        {
            double r = rng.NextDouble();
            return r < 0.1 ? Person.First : r < 0.22 ? Person.Second : r < 0.72 ? Person.Third : Person.Plural;
        }

        // Writes a subject of the given person; true when it is a pronoun (which may take "'ll").
        private bool Subject(Person p)
        {
            double r = rng.NextDouble();
            switch (p)
            {
                case Person.First: _text.Append('I'); return true;
                case Person.Second: _text.Append("you"); return true;
                case Person.Third when r < 0.2: _text.Append(Chance(0.5) ? "he" : "she"); return true;
                case Person.Third when r < 0.45: _text.Append(OtherName()); return false;
                case Person.Plural when r < 0.3: _text.Append(Chance(0.5) ? "we" : "they"); return true;
                default: NounPhrase(p == Person.Plural, 0); return false;
            }
        }

        // Writes " verb ..." agreeing with the subject's person, in the present or the past.
        private void Predicate(bool past, Person p, int depth, bool contract)
        {
            double r = rng.NextDouble();
            if (r < 0.3)
            {
                _text.Append(' ').Append(Finite(Pick(Transitive), past, p)).Append(' ');
                Object();
                Tail(0.35, 0.15);
            }
            else if (r < 0.5)
            {
                _text.Append(' ').Append(Finite(Pick(Intransitive), past, p));
                Tail(0.6, 0.25);
            }
            else if (r < 0.65)
            {
                _text.Append(' ').Append(Be(past, p)).Append(' ');
                Complement();
            }
            else if (r < 0.78)
            {
                string modal = Pick(Modals);
                if (contract && modal == "will" && Chance(0.6)) _text.Append("'ll ");
                else _text.Append(' ').Append(modal).Append(' ');
                BasePredicate(allowBe: true);
            }
            else if (r < 0.88 && depth == 0)
            {
                _text.Append(' ').Append(Finite(Pick(Thinking), past, p)).Append(Chance(0.5) ? " that " : " ");
                Clause(past, depth + 1);
            }
            else
            {
                _text.Append(' ').Append(Do(past, p)).Append("n't ");
                BasePredicate(allowBe: false);
            }
        }

        // A predicate after a modal, "do" or "let us": the verb in its base form ("be" not after "do").
        private void BasePredicate(bool allowBe)
        {
            double r = rng.NextDouble() * (allowBe ? 1.0 : 0.85);
            if (r < 0.5)
            {
                _text.Append(Pick(Transitive).Base).Append(' ');
                Object();
                Tail(0.35, 0.15);
            }
            else if (r < 0.85)
            {
                _text.Append(Pick(Intransitive).Base);
                Tail(0.6, 0.25);
            }
            else
            {
                _text.Append("be ");
                Complement();
            }
        }

        private void Complement()
        {
            double r = rng.NextDouble();
            if (r < 0.45) _text.Append(Pick(Adjectives));
            else if (r < 0.6) _text.Append(Pick(Adjectives)).Append(" and ").Append(Pick(Adjectives));
            else if (r < 0.7) _text.Append("not ").Append(Pick(Adjectives));
            else
            {
                _text.Append(Pick(Prepositions)).Append(' ');
                NounPhrase(Chance(0.2), 1);
            }
        }

        private void Object()
        {
            double r = rng.NextDouble();
            if (r < 0.2) _text.Append(Pick(ObjectPronouns));
            else if (r < 0.3) _text.Append(OtherName());
            else NounPhrase(Chance(0.25), 0);
        }

        // An optional prepositional phrase, then an optional adverb.
        private void Tail(double phrase, double adverb)
        {
            if (Chance(phrase))
            {
                _text.Append(' ').Append(Pick(Prepositions)).Append(' ');
                NounPhrase(Chance(0.2), 1);
            }
            if (Chance(adverb)) _text.Append(' ').Append(Pick(Adverbs));
        }

        // Determiner, up to two adjectives, noun; at depth 0 perhaps a phrase or a short relative clause.
        private void NounPhrase(bool plural, int depth)
        {
            string adjectives = Chance(0.45) ? Pick(Adjectives) + " " + (Chance(0.15) ? Pick(Adjectives) + " " : "") : "";
            var noun = Pick(Nouns);
            double r = rng.NextDouble();
            if (!plural)
            {
                if (r < 0.45) _text.Append("the ").Append(adjectives).Append(noun.One);
                else if (r < 0.72) Article(adjectives, noun.One);
                else if (r < 0.92) _text.Append(Pick(OneDeterminers)).Append(' ').Append(adjectives).Append(noun.One);
                else _text.Append(OtherName()).Append("'s ").Append(adjectives).Append(noun.One);
            }
            else
            {
                if (r < 0.45) _text.Append("the ");
                else if (r < 0.9) _text.Append(Pick(ManyDeterminers)).Append(' ');
                else _text.Append("all the ");
                _text.Append(adjectives).Append(noun.Many);
            }
            if (depth > 0) return;
            if (Chance(0.1))
            {
                _text.Append(' ').Append(Pick(Prepositions)).Append(' ');
                NounPhrase(Chance(0.2), depth + 1);
            }
            else if (Chance(0.06))
            {
                _text.Append(" that ").Append(Finite(Pick(Intransitive), Chance(0.4), plural ? Person.Plural : Person.Third));
            }
        }

        // "a" or "an" by the first letter of what follows.
        private void Article(string adjectives, string noun)
        {
            string next = adjectives.Length > 0 ? adjectives : noun;
            _text.Append(IsVowel(next[0]) ? "an " : "a ").Append(adjectives).Append(noun);
        }

        private static string Finite((string Base, string Past) verb, bool past, Person p) =>
            past ? verb.Past : p == Person.Third ? ThirdPerson(verb.Base) : verb.Base;

        private static string Be(bool past, Person p) => (past, p) switch
        {
            (false, Person.First) => "am",
            (false, Person.Third) => "is",
            (false, _) => "are",
            (true, Person.First or Person.Third) => "was",
            (true, _) => "were",
        };

        private static string Do(bool past, Person p) => past ? "did" : p == Person.Third ? "does" : "do";

        // Someone on stage, but not the one speaking (people rarely name themselves).
        private string OtherName()
        {
            int who = Pick(_present);
            return Cast[who == _speaker ? _listener : who];
        }

        private void Capitalize(int index) => _text[index] = char.ToUpperInvariant(_text[index]);

        private bool Chance(double p) => rng.NextDouble() < p;

        private T Pick<T>(T[] items) => items[rng.NextInt(items.Length)];
    }
}
