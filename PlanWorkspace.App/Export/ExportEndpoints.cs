using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.History;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.App.Export;

/// <summary>Registration of the assembled plan's services and its download endpoint.</summary>
public static class ExportEndpoints
{
    public static IServiceCollection AddPlanExports(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ExportOptions>(configuration.GetSection("Export"));
        services.AddSingleton<PdfExportGate>();
        services.AddScoped<AssembledPlanService>();
        services.AddScoped<PlanExportService>();
        services.AddSingleton<IPlanExporter, HwpxExporter>();
        services.AddSingleton<IPlanExporter, DocxExporter>();
        services.AddSingleton<IPlanExporter, PdfExporter>();
        services.AddSingleton<IPlanExporter, MarkdownExporter>();
        services.AddSingleton<IPlanExporter, HtmlExporter>();
        return services;
    }

    /// <summary><c>GET /plan/export/{format}[?planVersion=id]</c>: the live plan (or a named plan version) as a file, for signed-in people only.</summary>
    public static IEndpointRouteBuilder MapPlanExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/plan/export/{format}", async (string format, int? planVersion, HttpContext http, IDbContextFactory<PlanDbContext> dbFactory,
            PlanExportService exports, HistoryService history, SectionLog store, RefusalText refused, CancellationToken ct) =>
        {
            if (!PlanExportService.TryParseFormat(format, out var parsed))
            {
                return Results.NotFound();
            }
            var actor = await ActorAccessor.FromPrincipalAsync(http.User, dbFactory, ct);
            if (actor is null)
            {
                return Results.Forbid();
            }
            try
            {
                ISectionTextSource? source = null;
                if (planVersion is { } id)
                {
                    // A named plan version (e.g. the draft published for consultation) instead of the live plan.
                    var named = (await history.PlanVersionsAsync(actor, ct)).FirstOrDefault(v => v.Id == id);
                    if (named is null)
                    {
                        return Results.NotFound();
                    }
                    source = new PlanVersionTextSource(store, named);
                }
                var file = await exports.ExportAsync(actor, parsed, source, ct);
                return Results.File(file.Content, file.ContentType, file.FileName);
            }
            catch (ExportRefusedException e)
            {
                http.Response.Headers.RetryAfter = Math.Ceiling(e.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Problem(refused[e.Refusal], statusCode: e.StatusCode);
            }
            catch (ExportUnavailableException e)
            {
                return Results.Problem(refused[e.Refusal], statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).RequireAuthorization(new AuthorizeAttribute());
        return app;
    }
}
