// A real headless Chromium for the page tests, driven over the DevTools protocol by PuppeteerSharp: Debian's
// chromium-headless-shell or chromium (which .ci/run installs with apt when it can), or the browser named by
// RECURRENT_CHROMIUM. Where none is installed the page tests return early, as the tests of the shared data do.
using PuppeteerSharp;

namespace Recurrent.Tests.Diagnostics;

internal static class HeadlessBrowser
{
    private static readonly string[] Candidates =
        ["/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

    /// <summary>The browser's path, or null where none is installed.</summary>
    public static string? Find() =>
        Environment.GetEnvironmentVariable("RECURRENT_CHROMIUM") is { Length: > 0 } given && File.Exists(given) ? given
            : Candidates.FirstOrDefault(File.Exists);

    /// <summary>A browser with a 1280×900 page, the network closed: the page must need nothing from outside.</summary>
    public static async Task<IBrowser> LaunchAsync(string path) =>
        await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = path,
            HeadlessMode = path.Contains("headless-shell", StringComparison.Ordinal) ? HeadlessMode.Shell : HeadlessMode.True,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--proxy-server=127.0.0.1:9", // any request the page made would fail
            ],
            DefaultViewport = new ViewPortOptions { Width = 1280, Height = 900 },
            Timeout = 60_000,
        });
}
