namespace PlanWorkspace.App.Export;

/// <summary>How PDF export finds and runs Chromium, and how much of it the server allows (section <c>Export</c>).</summary>
public sealed class ExportOptions
{
    /// <summary>The Chromium (or Chrome) binary; when empty, the usual Linux paths are tried.</summary>
    public string? ChromiumPath { get; set; }

    /// <summary>How long one PDF may take, from launching Chromium to the last byte.</summary>
    public TimeSpan PdfTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Chromium's sandbox: null (the default) turns it on unless the server runs as root, where
    /// Chromium cannot sandbox itself (typical in containers); true or false forces it.
    /// </summary>
    public bool? PdfSandbox { get; set; }

    /// <summary>PDFs printed at the same time (each Chromium takes ~150 MB and a core for a few seconds).</summary>
    public int PdfConcurrency { get; set; } = 1;

    /// <summary>PDF requests that may wait for a free slot; beyond that a request is refused as busy.</summary>
    public int PdfQueueLength { get; set; } = 4;

    /// <summary>PDFs one person may request per minute; beyond that a request is refused (HTTP 429).</summary>
    public int PdfPerPersonPerMinute { get; set; } = 5;

    /// <summary>The configured binary, else the first that exists of the usual paths; null when none does.</summary>
    public string? FindChromium() =>
        !string.IsNullOrWhiteSpace(ChromiumPath)
            ? ChromiumPath
            : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    /// <summary>Whether Chromium runs sandboxed (see <see cref="PdfSandbox"/>).</summary>
    public bool SandboxChromium => PdfSandbox ?? !Environment.IsPrivilegedProcess;
}
