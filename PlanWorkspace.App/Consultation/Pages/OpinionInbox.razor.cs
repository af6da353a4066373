using PlanWorkspace.Domain.Outcomes;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using PlanWorkspace.App.Consultation.Mail;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation.Pages;

public sealed partial class OpinionInbox
{
    /// <summary>The largest .eml or .mbox accepted through the browser.</summary>
    private const long MaxUploadBytes = 200L * 1024 * 1024;

    private Actor? _actor;
    private InboxAccess? _access;
    private bool _loaded;
    private OpinionFilter _filter = new();
    private OpinionPage? _page;
    private SimilarInfo _similar = SimilarInfo.None;
    private readonly HashSet<int> _selected = [];
    private OpinionClassification _bulkClassification = OpinionClassification.ForReference;
    private string? _bulkReason;
    private string? _message;
    private bool _messageIsError;
    private bool _importing;
    private ImportReport _progress = ImportReport.Empty;
    private double _uploadPercent;
    private bool _uploading;
    private long _uploadedBytes;
    private long _uploadTotalBytes;

    [Parameter]
    public string Slug { get; set; } = string.Empty;

    private string TotalText => _page is null ? "0"
        : _page.Total.ToString("N0", CultureInfo.CurrentCulture) + (_page.TotalIsCapped ? "+" : string.Empty);

    protected override async Task OnParametersSetAsync()
    {
        _actor = await Actors.GetAsync();
        _access = _actor is null ? null : await Triage.AccessAsync(_actor, Slug);
        _loaded = true;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_actor is null || _access is null)
        {
            return;
        }
        _page = await Triage.ListAsync(_actor, Slug, _filter);
        _similar = _page is null ? SimilarInfo.None : await Triage.SimilarInfoAsync(_actor, Slug, _page.Rows.Select(r => r.Id).ToList());
        _selected.IntersectWith(_page?.Rows.Select(r => r.Id) ?? []);
    }

    private async Task ApplyAsync(OpinionFilter filter)
    {
        _filter = filter;
        await LoadAsync();
    }

    private void Toggle(int id, bool on)
    {
        if (on)
        {
            _selected.Add(id);
        }
        else
        {
            _selected.Remove(id);
        }
    }

    private async Task ClassifySelectedAsync() => Report(await Triage.ClassifyAsync(_actor!, Slug, _selected.ToList(), _bulkClassification, _bulkReason), "Inbox.Classified");

    private async Task ClassifyOneAsync((int Id, OpinionClassification Classification, string? Reason) request) =>
        Report(await Triage.ClassifyAsync(_actor!, Slug, [request.Id], request.Classification, request.Reason), "Inbox.Classified");

    private async Task SuggestAsync((int Id, string? Replacement, string? Reason) request)
    {
        var result = await Suggestions.SuggestAsync(_actor!, Slug, request.Id, request.Replacement, request.Reason);
        (_messageIsError, _message) = result.Refusal is { } refusal ? (true, Refused[refusal]) : (false, T["Inbox.Suggested"].Value);
        await LoadAsync();
    }

    private async Task CloseAsync() => await StateChangedAsync(await Consultations.CloseAsync(_actor!, Slug));

    private async Task PublishAsync() => await StateChangedAsync(await Consultations.PublishReportAsync(_actor!, Slug));

    private async Task StateChangedAsync(Result<PublicConsultation> result)
    {
        (_messageIsError, _message) = result.Refusal is { } refusal ? (true, Refused[refusal]) : (false, T["Inbox.StateChanged"].Value);
        _access = await Triage.AccessAsync(_actor!, Slug);
    }

    private int? _assignTo;

    private async Task AssignSelectedAsync() => Report(await Triage.AssignAsync(_actor!, Slug, _selected.ToList(), _assignTo!.Value, null), "Inbox.Assigned");

    private async Task MergeAsync((int Primary, IReadOnlyList<int> Others) request) =>
        Report(await Triage.MergeAsync(_actor!, Slug, request.Primary, request.Others), "Similar.Merged.Done");

    private async Task UnmergeAsync(int id) => Report(await Triage.UnmergeAsync(_actor!, Slug, [id]), "Similar.Unmerged");

    private async Task ReleaseSelectedAsync() => Report(await Triage.ReleaseAsync(_actor!, Slug, _selected.ToList()), "Inbox.Released");

    private void Report(Result result, string success)
    {
        _messageIsError = !result.Succeeded;
        _message = result.Refusal is { } refusal ? Refused[refusal] : T[success];
        if (result.Succeeded)
        {
            _selected.Clear();
            _bulkReason = null;
        }
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    private async Task ImportAsync(InputFileChangeEventArgs e)
    {
        if (e.File.Size > MaxUploadBytes)
        {
            (_messageIsError, _message) = (true, string.Format(CultureInfo.CurrentCulture, T["Inbox.UploadTooLarge"], MaxUploadBytes / (1024 * 1024)));
            return;
        }
        _importing = true;
        _progress = ImportReport.Empty;
        // The browser's stream reads only asynchronously: it lands in a temporary file first (the
        // bar shows the upload), then the importer reads that file as a stream, one message at a time.
        var temporary = Path.Combine(Path.GetTempPath(), $"planworkspace-upload-{Guid.NewGuid():N}");
        try
        {
            var size = Math.Max(1, e.File.Size);
            (_uploading, _uploadedBytes, _uploadTotalBytes, _uploadPercent) = (true, 0, e.File.Size, 0);
            await using (var upload = e.File.OpenReadStream(MaxUploadBytes))
            await using (var file = File.Create(temporary))
            {
                var buffer = new byte[81920];
                int read;
                var shown = -1;
                while ((read = await upload.ReadAsync(buffer)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read));
                    _uploadedBytes = checked(_uploadedBytes + read);
                    _uploadPercent = 100.0 * _uploadedBytes / size;
                    // One render per whole percent: a 60 MB mbox arrives in ~750 reads, the bar needs 100 steps.
                    if ((int)_uploadPercent != shown)
                    {
                        shown = (int)_uploadPercent;
                        await InvokeAsync(StateHasChanged);
                    }
                }
            }
            _uploading = false;
            var progress = new Progress<ImportReport>(report =>
            {
                _progress = report;
                _ = InvokeAsync(StateHasChanged);
            });
            await using var stream = File.OpenRead(temporary);
            var imported = await Triage.ImportAsync(_actor!, Slug, stream, progress);
            (_messageIsError, _message) = imported is { Value: { } report }
                ? (false, string.Format(CultureInfo.CurrentCulture, T["Inbox.Imported"], report.Messages, report.Imported, report.Duplicates, report.Failed))
                : (true, Refused[imported.Refusal!]);
        }
        catch (IOException ex)
        {
            // The browser's stream broke off (a dropped connection, a file changed while read): the
            // system's own words go to the log, the reader gets what to do.
            Log.LogWarning(ex, "An upload broke off after {Bytes} bytes", _uploadedBytes);
            (_messageIsError, _message) = (true, T["Inbox.UploadFailed"]);
        }
        finally
        {
            (_importing, _uploading) = (false, false);
            File.Delete(temporary);
        }
        await LoadAsync();
    }
}
