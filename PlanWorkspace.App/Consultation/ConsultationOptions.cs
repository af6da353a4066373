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
}
