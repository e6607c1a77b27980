// Finds the real corpora kept beside the repository (../shared/data/ from the folder holding
// Recurrent.slnx), which are never committed; a user's clone has none, and tests that need them
// then say so and pass.
namespace Recurrent.Tests.Data;

internal static class SharedData
{
    /// <summary>The shared copy of tinyshakespeare, or null when this checkout has none.</summary>
    public static string? TinyShakespeare() => Find("tinyshakespeare.txt");

    /// <summary>The shared daily US births 1969-1988 (year, month, date_of_month, day_of_week, births), or null.</summary>
    public static string? UsBirths() => Find("us-births-1969-1988.csv");

    /// <summary>The shared single-hop sensor network readings (reading, mote_id, indoor, humidity, temperature, label), or null.</summary>
    public static string? SensorSingleHop() => Find("sensor-single-hop.csv");

    /// <summary>The shared first-names folder (female.txt, male.txt), or null.</summary>
    public static string? FirstNames() => Find("first-names/female.txt") is string female ? Path.GetDirectoryName(female) : null;

    /// <summary>The shared Free Spoken Digit Dataset folder ({digit}_{speaker}_{index}.wav, 8 kHz mono), or null.</summary>
    public static string? SpokenDigits() => Find("spoken-digits/0_george_0.wav") is string wav ? Path.GetDirectoryName(wav) : null;

    private static string? Find(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (!File.Exists(Path.Combine(folder.FullName, "Recurrent.slnx")))
                continue;
            string path = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "data", name));
            return File.Exists(path) ? path : null;
        }
        return null;
    }
}
