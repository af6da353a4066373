using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Identity;

namespace PlanWorkspace.App.Consultation;

/// <summary>Registration and endpoints of the public consultation (issue 13, ADR-009).</summary>
public static class ConsultationExtensions
{
    private const string PagePolicy = "consultation-page";

    public static IServiceCollection AddConsultation(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Consultation");
        services.Configure<ConsultationOptions>(section);
        var cacheFor = section.GetValue<TimeSpan?>(nameof(ConsultationOptions.PageCacheDuration)) ?? new ConsultationOptions().PageCacheDuration;
        services.AddOutputCache(options => options.AddPolicy(PagePolicy, policy => policy
            .Expire(cacheFor)
            // The page's language comes from the query string or the culture cookie; the request
            // localisation middleware has already decided it when the cache looks up an entry.
            .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name))));
        services.AddSingleton<FrozenPlanRenderer>();
        services.AddSingleton<SubmissionThrottle>();
        services.AddSingleton<PdfTextExtractor>();
        services.AddSingleton<AttachmentTextReader>();
        services.AddScoped<ConsultationService>();
        services.AddScoped<OpinionIntake>();
        services.AddScoped<OpinionTriage>();
        services.AddScoped<OpinionSuggestions>();
        services.AddScoped<InstitutionRegistry>();
        services.AddScoped<ResultsExport>();
        services.AddScoped<ConsultationDashboard>();
        services.AddScoped<PublicPageHtml>();
        services.AddSingleton<Mail.MailImporter>();
        services.Configure<Mail.ImapOptions>(section.GetSection("Imap"));
        services.AddSingleton<Mail.ImapPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<Mail.ImapPoller>());
        services.AddSingleton<OpinionExport>();
        services.AddSingleton<ConsultationSeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsultationSeeder>());
        return services;
    }

    /// <summary>
    /// The output cache, right after authentication and localisation (so a signed-in request is never
    /// served from or stored in the cache, and the culture is known) and before authorization,
    /// antiforgery and the request guards: a public page served from the cache skips that work
    /// (bench consult). Only endpoints with a cache policy (the public page) are ever cached; the
    /// others pass through untouched, and still meet authorization after it.
    /// </summary>
    public static WebApplication UseConsultationPageCache(this WebApplication app)
    {
        app.UseOutputCache();
        return app;
    }

    public static WebApplication MapConsultation(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ConsultationOptions>>().Value;

        app.MapGet("/consult/{slug}", async (string slug, HttpContext http, ConsultationService consultations, PublicPageHtml pages, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await consultations.PublicViewAsync(slug, CultureInfo.CurrentUICulture, ct);
            if (view is null)
            {
                return Results.NotFound();
            }
            http.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(ConsultationService.CacheTag(slug));
            var now = clock.GetUtcNow();
            var etag = new EntityTagHeaderValue($"\"{view.Document.Hash}-{view.Consultation.State}-{view.Consultation.AcceptsOpinionsAt(now)}-{view.Document.Culture}\"");
            http.Response.Headers.ETag = etag.ToString();
            http.Response.Headers.CacheControl = "no-cache";
            if (http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(etag, useStrongComparison: false)))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
            return Results.Content(pages.PlanPage(view, now), "text/html; charset=utf-8");
        }).AllowAnonymous().CacheOutput(PagePolicy);

        app.MapGet("/consult/{slug}/opinion", async (string slug, string? section, string? anchor, string? quote, HttpContext http, ConsultationService consultations,
            PublicPageHtml pages, IAntiforgery antiforgery, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await consultations.PublicViewAsync(slug, CultureInfo.CurrentUICulture, ct);
            if (view is null)
            {
                return Results.NotFound();
            }
            var prefill = new OpinionForm(null, null, null, null, Cut(section, 10), Cut(quote, Domain.Consultation.Opinion.MaxQuoteLength), Cut(anchor, 20), null, null, []);
            return await FormAsync(http, pages, antiforgery, consultations, view, prefill, null, StatusCodes.Status200OK, clock, ct);
        }).AllowAnonymous();

        app.MapPost("/consult/{slug}/opinion", async (string slug, HttpContext http, ConsultationService consultations, OpinionIntake intake,
            PublicPageHtml pages, IAntiforgery antiforgery, IStringLocalizer<ConsultationResource> strings, RefusalText refused, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await consultations.PublicViewAsync(slug, CultureInfo.CurrentUICulture, ct);
            if (view is null)
            {
                return Results.NotFound();
            }
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                return await FormAsync(http, pages, antiforgery, consultations, view, new OpinionForm(null, null, null, null, null, null, null, null, null, []),
                    strings["Consult.Refuse.Antiforgery"], StatusCodes.Status400BadRequest, clock, ct);
            }
            IFormCollection posted;
            try
            {
                posted = await http.Request.ReadFormAsync(ct);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                return await FormAsync(http, pages, antiforgery, consultations, view, new OpinionForm(null, null, null, null, null, null, null, null, null, []),
                    string.Format(CultureInfo.CurrentCulture, strings["Consult.Refuse.TooLarge"], options.MaxSubmissionBytes / (1024 * 1024)), StatusCodes.Status413PayloadTooLarge, clock, ct);
            }
            var form = new OpinionForm(posted["name"], posted["institution"], posted["category"], posted["email"], posted["section"], posted["quote"],
                posted["anchor"], posted["text"], posted["website"],
                posted.Files.Select(f => new UploadedFile(f.FileName, f.Length, f.OpenReadStream)).ToList());
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var result = await intake.SubmitAsync(slug, form, address, ct);
            if (result.Refusal is { } refusal)
            {
                return await FormAsync(http, pages, antiforgery, consultations, view, form, refused[refusal], OpinionIntake.StatusOf(refusal), clock, ct);
            }
            http.Response.Headers.CacheControl = "no-store";
            return Results.Content(pages.ReceiptPage(view.Consultation, result.Value!), "text/html; charset=utf-8");
        }).AllowAnonymous()
          .WithMetadata(new RequireAntiforgeryTokenAttribute())
          .WithFormOptions(multipartBodyLengthLimit: options.MaxSubmissionBytes);

        // The reminder mailing list: the institutions that have not answered (vice-chair and secretariat).
        app.MapGet("/consult/{slug}/institutions/reminders.csv", async (string slug, HttpContext http, IDbContextFactory<PlanDbContext> dbFactory,
            InstitutionRegistry registry, CancellationToken ct) =>
        {
            var actor = await ActorAccessor.FromPrincipalAsync(http.User, dbFactory, ct);
            if (actor is null)
            {
                return Results.Challenge();
            }
            var file = new MemoryStream();
            if (!await registry.WriteRemindersAsync(actor, slug, file, ct))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            file.Position = 0;
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(file, "text/csv; charset=utf-8", $"reminders-{slug}.csv");
        });

        // The 의견 수렴 결과 table as DOCX or HWPX (vice-chair and secretariat), in the reader's language.
        app.MapGet("/consult/{slug}/results/{format}", async (string slug, string format, HttpContext http, IDbContextFactory<PlanDbContext> dbFactory,
            ResultsExport results, CancellationToken ct) =>
        {
            var actor = await ActorAccessor.FromPrincipalAsync(http.User, dbFactory, ct);
            if (actor is null)
            {
                return Results.Challenge();
            }
            var file = await results.ExportAsync(actor, slug, format, CultureInfo.CurrentUICulture, ct);
            if (file is null)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(file.Content, file.ContentType, file.FileName);
        });

        app.MapGet("/consult-assets/page.css", () => Asset(ConsultationAssets.Css, "text/css; charset=utf-8")).AllowAnonymous();
        app.MapGet("/consult-assets/page.js", () => Asset(ConsultationAssets.Script, "text/javascript; charset=utf-8")).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> FormAsync(HttpContext http, PublicPageHtml pages, IAntiforgery antiforgery, ConsultationService consultations,
        PublicConsultationView view, OpinionForm values, string? error, int status, TimeProvider clock, CancellationToken ct)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var institutions = await consultations.InstitutionNamesAsync(ct);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(pages.FormPage(view, values, error, tokens.FormFieldName, tokens.RequestToken ?? string.Empty, institutions, clock.GetUtcNow()),
            "text/html; charset=utf-8", statusCode: status);
    }

    private static IResult Asset(string content, string type) => Results.Text(content, type);

    private static string? Cut(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];
}
