namespace PlanWorkspace.App.Consultation;

/// <summary>Limits of the public opinion form and the mail intake (configuration section "Consultation").</summary>
public sealed class ConsultationOptions
{
    /// <summary>The largest attachment, in bytes.</summary>
    public int MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The largest form post (all attachments together plus the fields), in bytes.</summary>
    public int MaxSubmissionBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Opinions accepted from one IP address per <see cref="LimitWindow"/>.</summary>
    public int OpinionsPerIp { get; set; } = 10;

    /// <summary>Opinions accepted from one e-mail address per <see cref="LimitWindow"/>.</summary>
    public int OpinionsPerEmail { get; set; } = 5;

    public TimeSpan LimitWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the public page stays in the output cache (it is evicted at once on a state change).</summary>
    public TimeSpan PageCacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>PDF text is read in a child process (ADR-017); at most this many run at once.</summary>
    public int PdfExtractions { get; set; } = 1;

    /// <summary>A PDF's child process is killed after this long.</summary>
    public TimeSpan PdfTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a PDF waits for its turn before it is left unread (noted as busy).</summary>
    public TimeSpan PdfQueueWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The child process's managed heap limit, in MB (DOTNET_GCHeapHardLimit).</summary>
    public int PdfMemoryLimitMb { get; set; } = 256;

    /// <summary>Only the first this many pages of a PDF are read.</summary>
    public int PdfMaxPages { get; set; } = 300;

    /// <summary>At most this many PDFs of one opinion are read; the rest are noted as skipped.</summary>
    public int PdfsPerOpinion { get; set; } = 5;
}
