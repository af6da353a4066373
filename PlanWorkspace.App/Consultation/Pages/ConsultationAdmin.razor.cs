using Microsoft.AspNetCore.Components;
using PlanWorkspace.Domain.Outcomes;
using System.Globalization;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation.Pages;

public sealed partial class ConsultationAdmin
{
    [Inject]
    private RefusalText Refused { get; set; } = default!;

    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    private Actor? _actor;
    private bool _loaded;
    private IReadOnlyList<ConsultationSummary>? _items;
    private IReadOnlyList<PlanVersionChoice> _versions = [];
    private DraftForm _form = new();
    private string? _editing;
    private string? _message;
    private bool _messageIsError;

    /// <summary>The form's values as typed; the period is Seoul local time ("2025-12-01T09:00").</summary>
    private sealed class DraftForm
    {
        public string? Slug { get; set; }
        public string? Title { get; set; }
        public int PlanVersionId { get; set; }
        public string? StartsAt { get; set; }
        public string? EndsAt { get; set; }
        public string? ContactEmail { get; set; }
        public string? Notice { get; set; }
    }

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        await LoadAsync();
        _loaded = true;
        New();
    }

    private async Task LoadAsync()
    {
        _items = _actor is null ? null : await Consultations.ListAsync(_actor);
        _versions = _items is null ? [] : await Consultations.PlanVersionsAsync();
    }

    private static string Seoul(DateTimeOffset at) => SeoulTime.ToSeoul(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private void New()
    {
        _editing = null;
        var today = SeoulTime.ToSeoul(DateTimeOffset.UtcNow).Date;
        _form = new DraftForm
        {
            PlanVersionId = _versions.FirstOrDefault()?.Id ?? 0,
            // Office hours, as Korean consultations give them: from 09:00 to 18:00 on the last day.
            StartsAt = today.AddDays(1).AddHours(9).ToString(LocalFormat, CultureInfo.InvariantCulture),
            EndsAt = today.AddDays(31).AddHours(18).ToString(LocalFormat, CultureInfo.InvariantCulture),
        };
    }

    private void Edit(ConsultationSummary c)
    {
        _editing = c.Slug;
        _form = new DraftForm
        {
            Slug = c.Slug, Title = c.Title, PlanVersionId = c.PlanVersionId, ContactEmail = c.ContactEmail, Notice = c.Notice,
            StartsAt = SeoulTime.ToSeoul(c.StartsAt).ToString(LocalFormat, CultureInfo.InvariantCulture),
            EndsAt = SeoulTime.ToSeoul(c.EndsAt).ToString(LocalFormat, CultureInfo.InvariantCulture),
        };
    }

    // What a datetime-local field holds: "2025-12-01T09:00" as we write it, and with seconds as
    // Blazor's binding sends it back once the person changes it ("2025-12-01T09:00:00").
    private static readonly string[] LocalFormats = [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss"];

    /// <summary>A Seoul wall-clock time from the form, or null when it is not one.</summary>
    private static DateTimeOffset? FromSeoul(string? local) =>
        DateTime.TryParseExact(local, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? new DateTimeOffset(value, SeoulTime.Offset) : null;

    /// <summary>The period the fields hold, or null when one of them is not a time.</summary>
    private (DateTimeOffset Starts, DateTimeOffset Ends)? Period =>
        FromSeoul(_form.StartsAt) is { } starts && FromSeoul(_form.EndsAt) is { } ends ? (starts, ends) : null;

    /// <summary>Why the period fields cannot be saved; null when they hold a period.</summary>
    private Refusal? PeriodProblem =>
        Period is { } period ? PublicConsultation.PeriodProblem(period.Starts, period.Ends) : Refusals.Consult.PeriodMissing;

    /// <summary>The period in the page's language ("2026년 12월 2일 수요일 오전 9:00 – …"), or what is wrong with it.</summary>
    private string PeriodText =>
        PeriodProblem is null && Period is { } period
            ? string.Format(CultureInfo.CurrentCulture, T["Admin.Period"],
                period.Starts.ToString("f", CultureInfo.CurrentCulture), period.Ends.ToString("f", CultureInfo.CurrentCulture))
            : Refused[PeriodProblem ?? Refusals.Consult.PeriodMissing];

    private async Task SaveAsync()
    {
        if (Period is not { } period)
        {
            Report(Refusals.Consult.PeriodMissing);
            return;
        }
        var (starts, ends) = period;
        var request = new ConsultationRequest(_form.Slug?.Trim() ?? string.Empty, _form.Title ?? string.Empty, _form.PlanVersionId, starts, ends,
            _form.ContactEmail ?? string.Empty, _form.Notice);
        var result = _editing is null ? await Consultations.CreateDraftAsync(_actor!, request) : await Consultations.ReviseDraftAsync(_actor!, _editing, request);
        Report(result.Refusal);
        if (result.Succeeded)
        {
            await LoadAsync();
            New();
        }
    }

    private async Task RunAsync(Task<Result<PublicConsultation>> action)
    {
        Report((await action).Refusal);
        await LoadAsync();
    }

    private void Report(Refusal? refusal) =>
        (_messageIsError, _message) = refusal is null ? (false, T["Inbox.StateChanged"].Value) : (true, Refused[refusal]);
}
