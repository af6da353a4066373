using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Export;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Export;

/// <summary>
/// The app on a fresh seeded SQLite file, with the industry section extended through the real
/// edit path: a Korean sentence, a list, a table, a link, a target shortcode and XSS attempts.
/// </summary>
public sealed class ExportFixture : IAsyncLifetime
{
    public const string KoreanSentence = "국민 누구나 인공지능의 혜택을 누리는 사회를 만든다.";
    public const string Chair = "chair.industry-ax@plan.local";

    public const string Addition = """

        ## 추가 검토 사항

        국민 누구나 인공지능의 혜택을 누리는 사회를 만든다.

        1. 첫째 항목은 **굵게** 쓴다
        2. 둘째 항목은 [누리집](https://www.example.go.kr/ai)을 가리킨다
           - 하위 항목

        | 구분 | 내용 |
        |---|---|
        | 예산 | 1조 원 |

        {{target:<script>alert(1)</script>}}

        [위험한 링크](javascript:alert(1))

        {{target:gpu-2030}}

        """;

    public PlanAppFactory App { get; } = new();

    public IReadOnlyList<string> SectionTitles { get; } = PlanSeedData.Bodies.Select(PlanSeedData.SectionTitle).ToList();

    public async Task InitializeAsync()
    {
        _ = App.Services; // starts the app: migrate and seed
        await using var db = App.Database.CreateContext();
        var body = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
        var sectionId = await db.Sections.Where(s => s.BodyId == body.Id).Select(s => s.Id).SingleAsync();
        var chair = await db.People.SingleAsync(p => p.Email == Chair);
        await PlanTestData.AppendAsync(App.Services, sectionId, Addition, chair.Id);
    }

    public async Task<Actor> ActorAsync(string email)
    {
        await using var db = App.Database.CreateContext();
        return Actor.From(await db.People.AsNoTracking().SingleAsync(p => p.Email == email));
    }

    /// <summary>Exports in Korean through the app's own services, as the endpoint does.</summary>
    public async Task<ExportFile> ExportAsync(ExportFormat format, string email = "vicechair@plan.local", ISectionTextSource? source = null)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
        var actor = await ActorAsync(email);
        await using var scope = App.Services.CreateAsyncScope();
        var file = await scope.ServiceProvider.GetRequiredService<PlanExportService>().ExportAsync(actor, format, source);
        if (source is null && email == "vicechair@plan.local")
        {
            // Kept for a person to open (TestResults/artifacts/export.*).
            await File.WriteAllBytesAsync(Path.Combine(RepositoryPaths.Artifacts, "export." + Path.GetExtension(file.FileName).TrimStart('.')), file.Content);
        }
        return file;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
