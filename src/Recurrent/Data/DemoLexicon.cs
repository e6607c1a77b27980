// The word lists and the bits of English morphology that DemoCorpusWriter's grammar draws on: a small
// invented cast, about 250 hand-written words, regular plurals and third-person forms.
namespace Recurrent.Data;

/// <summary>The demo text's lexicon.</summary>
internal static class DemoLexicon
{
    internal enum Person { First, Second, Third, Plural }

    // The lexicon. Irregular noun plurals and all verb pasts are written out after ':'.
    internal static readonly string[] Cast = ["Marlo", "Tessa", "Odrin", "Fenna", "Belka"];
    internal static readonly string[] Tags = ["MARLO:\n", "TESSA:\n", "ODRIN:\n", "FENNA:\n", "BELKA:\n"];

    internal static readonly (string One, string Many)[] Nouns = Lexicon(
        "king queen miller sailor child:children man:men woman:women maiden shepherd soldier stranger " +
        "river bridge lamp lantern key door garden tower road ship bell candle letter crown sword ring " +
        "bird horse wolf:wolves fox apple stone tree hill field window song wind night morning moon star " +
        "sea fire house cup mill boat cloak book heart hand voice name gate wall shadow well village " +
        "forest feather coin dream storm harbor rope mountain jewel knife:knives leaf:leaves owl");

    internal static readonly string[] Places =
        Words("mill bridge garden tower harbor forest village road hill house field well gate wall");

    internal static readonly string[] Adjectives = Words(
        "old young quiet bright cold dark golden silver little tall gentle wild strange broken hollow " +
        "green red pale proud sleepy empty heavy sweet bitter narrow ancient merry lonely kind cruel " +
        "clever foolish secret distant warm grey white black frozen weary");

    internal static readonly (string Base, string Past)[] Transitive = Lexicon(
        "carry:carried find:found keep:kept hold:held take:took bring:brought see:saw love:loved " +
        "follow:followed open:opened close:closed break:broke mend:mended watch:watched call:called " +
        "seek:sought leave:left remember:remembered steal:stole guard:guarded burn:burned fear:feared " +
        "meet:met hide:hid lose:lost sell:sold wake:woke hear:heard kiss:kissed want:wanted");

    internal static readonly (string Base, string Past)[] Intransitive = Lexicon(
        "walk:walked sing:sang sleep:slept wait:waited run:ran fall:fell weep:wept laugh:laughed " +
        "dance:danced wander:wandered rest:rested listen:listened come:came go:went sit:sat " +
        "stand:stood shine:shone whisper:whispered hurry:hurried pray:prayed");

    internal static readonly (string Base, string Past)[] Thinking = Lexicon(
        "know:knew think:thought say:said swear:swore hope:hoped believe:believed dream:dreamed");

    // Imperatives are a subset so that few new capitals appear at sentence starts.
    internal static readonly string[] CommandsWithObject =
        Words("bring take find keep follow hold open watch leave guard hide wake mend call");
    internal static readonly string[] CommandsAlone = Words("come go wait listen sing sleep rest hurry sit stand");

    internal static readonly string[] Prepositions = Words(
        "to into across through over under by near beyond behind toward from with along around");
    internal static readonly string[] Adverbs =
        ["tonight", "again", "slowly", "softly", "alone", "together", "at dawn", "in the dark", "at last", "forever"];
    internal static readonly string[] Openers =
        ["now ", "then ", "tonight ", "soon ", "alas, ", "yes, ", "no, ", "still, ", "at dawn ", "in the morning "];
    internal static readonly string[] Conjunctions =
        [", and ", ", but ", ", for ", ", so ", " while ", " because ", " when ", " until ", ", yet "];
    internal static readonly string[] Beside = ["by", "near", "behind"];
    internal static readonly string[] Times = ["at night", "at dawn", "at dusk", "in the morning", "in the rain", "in winter"];
    internal static readonly string[] Modals = Words("will shall must cannot can may would could");
    internal static readonly string[] QuestionModals = Words("will shall must can may would could");
    internal static readonly string[] WhWords = Words("where why when how");
    internal static readonly string[] OneDeterminers = Words("my your our his her this that every no");
    internal static readonly string[] ManyDeterminers = Words("some these those my your our two three many");
    internal static readonly string[] ObjectPronouns = Words("me you him her us them");

    internal static string[] Words(string list) => list.Split(' ');

    internal static (string, string)[] Lexicon(string list) =>
        Words(list).Select(w => w.Split(':') is [var a, var b] ? (a, b) : (w, Plural(w))).ToArray();

    // Regular English plural of a noun: fox -> foxes, story -> stories, bird -> birds.
    internal static string Plural(string noun) =>
        noun.EndsWith('s') || noun.EndsWith('x') || noun.EndsWith("ch") || noun.EndsWith("sh") ? noun + "es"
        : noun.EndsWith('y') && !IsVowel(noun[^2]) ? noun[..^1] + "ies"
        : noun + "s";

    // Present third person singular: go -> goes, watch -> watches, carry -> carries, sing -> sings.
    internal static string ThirdPerson(string verb) =>
        verb.EndsWith('o') ? verb + "es" : Plural(verb);

    internal static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
