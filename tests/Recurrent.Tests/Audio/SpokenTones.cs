// Generated "spoken words" for speech tests: each speaker says "up" (a tone rising by an octave) and "down" (falling)
// at their own pitch, 0.2 to 0.3 s at 8 kHz with a little noise, as {word}_{speaker}_{n}.wav files.
using Recurrent.Numerics;

namespace Recurrent.Tests.Audio;

internal static class SpokenTones
{
    /// <summary>Writes <paramref name="count"/> of each word for every speaker of <paramref name="speakers"/> (name, pitch in Hz) into <paramref name="folder"/>.</summary>
    public static void Write(string folder, (string Speaker, double Pitch)[] speakers, int count, ulong seed)
    {
        Directory.CreateDirectory(folder);
        var rng = new Rng(seed);
        foreach (var (speaker, pitch) in speakers)
            for (int n = 0; n < count; n++)
                foreach (string word in new[] { "up", "down" })
                {
                    int length = 1600 + rng.NextInt(800);
                    double phase = 0;
                    var samples = new short[length];
                    for (int i = 0; i < length; i++)
                    {
                        double progress = (double)i / length, hz = pitch * (word == "up" ? 1 + progress : 2 - progress);
                        phase += 2 * Math.PI * hz / 8000;
                        samples[i] = (short)(6000 * Math.Sin(phase) + 300 * (rng.NextDouble() - 0.5));
                    }
                    File.WriteAllBytes(Path.Combine(folder, $"{word}_{speaker}_{n}.wav"), WavBytes.Make(1, 1, 8000, 16, WavBytes.Pcm16(samples)));
                }
    }
}
