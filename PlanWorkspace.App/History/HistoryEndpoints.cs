using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Identity;

namespace PlanWorkspace.App.History;

/// <summary>The history's file downloads (called from <see cref="Extensions.UsePlanWorkspace"/>).</summary>
public static class HistoryEndpoints
{
    /// <summary>Where a version of a section downloads as Markdown.</summary>
    public static string DownloadPath(int sectionId, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"sections/{sectionId}/versions/{version}/download");

    /// <summary>
    /// <c>GET /sections/{id}/versions/{version}/download</c>: the text of a version as a .md file, for
    /// readers of the section — what the history and the review queue offer when a diff is too large.
    /// </summary>
    public static IEndpointRouteBuilder MapHistoryDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sections/{sectionId:int}/versions/{version:int}/download", async (int sectionId, int version, HttpContext http,
            IDbContextFactory<PlanDbContext> dbFactory, HistoryService history, CancellationToken ct) =>
        {
            var actor = await ActorAccessor.FromPrincipalAsync(http.User, dbFactory, ct);
            if (actor is null)
            {
                return Results.Forbid();
            }
            var text = await history.TextAsync(actor, sectionId, version, ct);
            return text.Succeeded
                ? Results.File(Encoding.UTF8.GetBytes(text.Value!), "text/markdown; charset=utf-8",
                    string.Create(CultureInfo.InvariantCulture, $"section-{sectionId}-v{version}.md"))
                : Results.NotFound();
        });
        return app;
    }
}
