// Whose statistics standardise a word's features. Per utterance, each word's own frames: a word needs nothing but
// itself, but a short word's mean is mostly its vowel, so removing it removes much of what tells "six" from "three".
// Per speaker, the frames of every word of its speaker (Kaldi's speaker CMVN): the recording channel and the voice's
// average spectrum go, what sets the word apart from the speaker's other words stays. It needs a few of the speaker's
// recordings, unlabelled, besides the word.
namespace Recurrent.Audio;

/// <summary>How a word's feature columns are brought to mean 0 and deviation 1.</summary>
public enum FeatureNormalization
{
    /// <summary>By the mean and deviation of the word's own frames (the default).</summary>
    Utterance,

    /// <summary>By the mean and deviation over every frame of the speaker's words (<see cref="FeatureStatistics"/>).</summary>
    Speaker,
}
