namespace LlmInteractive.Tests.Views;

/// <summary>A test that needs headless Chromium (Debian's <c>chromium</c>); skipped, saying why, where it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable() is null) Skip = "chromium is not installed (apt-get install chromium) or not on PATH";
    }
}
