using System.Diagnostics;
using System.IO.Compression;

namespace LlmInteractive.Tests.Views;

/// <summary>Opens a page in headless Chromium, offline, and returns its console output and a screenshot.</summary>
static class HeadlessChromium
{
    public static string? Executable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { "chromium", "chromium-browser", "google-chrome" }.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>Screenshots <paramref name="htmlFile"/>; returns the console lines Chromium logged.</summary>
    public static IReadOnlyList<string> Screenshot(string htmlFile, string pngFile, int width = 1280, int height = 2400)
    {
        var profile = Directory.CreateTempSubdirectory("llmi-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable() ?? throw new InvalidOperationException("chromium is not installed"))
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                         "--no-first-run", $"--user-data-dir={profile.FullName}", "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
                         $"--window-size={width},{height}", $"--screenshot={pngFile}", "--virtual-time-budget=3000", new Uri(htmlFile).AbsoluteUri,
                     })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish the screenshot within 90 s");
            }
            return stderr.Result.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Share of non-zero bytes in the PNG's filtered scanlines: a blank (uniform) page filters to almost all zeros,
    /// a page with content does not.
    /// </summary>
    public static double InkFraction(string pngFile)
    {
        var png = File.ReadAllBytes(pngFile);
        using var idat = new MemoryStream();
        for (var offset = 8; offset + 8 <= png.Length;)
        {
            var length = (png[offset] << 24) | (png[offset + 1] << 16) | (png[offset + 2] << 8) | png[offset + 3];
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            if (type == "IDAT") idat.Write(png, offset + 8, length);
            offset += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var bytes = inflated.GetBuffer().AsSpan(0, (int)inflated.Length);
        var nonZero = bytes.Length - bytes.Count((byte)0);
        return nonZero / (double)bytes.Length;
    }
}
