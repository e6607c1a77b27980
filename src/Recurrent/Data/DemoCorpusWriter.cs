// The grammar of the demo text: scenes of a little play, speeches of one to three lines made of
// statements, questions, commands and exclamations, written into one buffer and cut at a line end.
using System.Text;
using Recurrent.Numerics;
using static Recurrent.Data.DemoLexicon;

namespace Recurrent.Data;

/// <summary>Writes scenes and speeches into one buffer until it passes the limit, then cuts it.</summary>
internal sealed class DemoCorpusWriter(Rng rng, int limit)
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
