namespace PlanWorkspace.App.Consultation.Mail;

/// <summary>The committee's mailbox (configuration section "Consultation:Imap"). Without a host the poller does nothing.</summary>
public sealed class ImapOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 993;
    /// <summary>True: TLS from the first byte (port 993). False: STARTTLS when the server offers it.</summary>
    public bool Tls { get; set; } = true;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string Folder { get; set; } = "INBOX";
    /// <summary>The consultation new mail belongs to.</summary>
    public string Consultation { get; set; } = ConsultationSeeder.DemoSlug;
    /// <summary>When set, imported mail is moved to this folder; otherwise it is flagged seen and tagged with <see cref="DoneKeyword"/>.</summary>
    public string? MoveTo { get; set; }
    public string DoneKeyword { get; set; } = "$PlanImported";
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>The first wait after a failure; it doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>The limit on one network operation (connect, search, fetch).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
