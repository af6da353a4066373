using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using PlanWorkspace.App;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Tests.Domain.Outcomes;

/// <summary>
/// Every refusal code (and every term placed into one) has a Korean and an English message: the
/// Korean one is Korean, the English one has no Hangul, and both take the same arguments (ADR-022).
/// </summary>
public sealed partial class RefusalResourcesTests
{
    private static readonly ResourceManager Shared = new("PlanWorkspace.App.Resources.SharedResource", typeof(SharedResource).Assembly);
    private static readonly ResourceManager Consultation = new("PlanWorkspace.App.Resources.Consultation.ConsultationResource", typeof(SharedResource).Assembly);
    private static readonly CultureInfo Korean = CultureInfo.GetCultureInfo("ko-KR");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    /// <summary>The codes declared in <see cref="Refusals"/>, by reflection.</summary>
    private static IReadOnlyList<Refusal> Declared() =>
        typeof(Refusals).GetNestedTypes().SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(Refusal)).Select(f => (Refusal)f.GetValue(null)!).ToList();

    /// <summary>The terms: the declared fields and the enum names the domain places into messages.</summary>
    private static IEnumerable<string> Terms() =>
        typeof(Refusals.Fields).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => ((Term)f.GetValue(null)!).Key)
            .Concat(Enum.GetNames<Role>().Select(r => "Role." + r))
            .Concat(Enum.GetNames<SectionStatus>().Select(s => "SectionStatus." + s))
            .Concat(Enum.GetNames<ConsultationState>().Select(s => "Consult.State." + s));

    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var key in Declared().Select(r => r.Code).Concat(Terms()).Distinct())
        {
            data.Add(key);
        }
        return data;
    }

    [Fact]
    public void EveryCodeIsDeclaredOnce()
    {
        var codes = Declared().Select(r => r.Code).ToList();
        Assert.True(codes.Count > 100, $"only {codes.Count} codes found: the reflection missed the catalogue");
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void EachKeyHasAKoreanAndAnEnglishMessageWithTheSameArguments(string key)
    {
        var resources = RefusalText.IsConsultationKey(key) ? Consultation : Shared;
        var ko = resources.GetString(key, Korean);
        var en = resources.GetString(key, English);

        Assert.False(string.IsNullOrWhiteSpace(ko), $"{key} has no Korean message");
        Assert.False(string.IsNullOrWhiteSpace(en), $"{key} has no English message");
        Assert.True(ko.Any(IsHangul), $"{key}'s Korean message is not Korean: {ko}");
        Assert.False(en.Any(IsHangul), $"{key}'s English message has Hangul: {en}");
        Assert.NotEqual(ko, en);
        Assert.Equal(Placeholders(ko), Placeholders(en));
    }

    [Fact]
    public void NoSourceFileRefusesWithAnEnglishSentenceOrAnUndeclaredCode()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var project in new[] { "PlanWorkspace.Domain", "PlanWorkspace.App" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var text = File.ReadAllText(file);
                if (Path.GetFileName(file) != "Refusals.cs" && StrayRefusal().IsMatch(text))
                {
                    offenders.Add(Path.GetRelativePath(root, file));
                }
            }
        }
        Assert.Empty(offenders);
    }

    // A refusal built from a literal (a code or sentence) outside the catalogue.
    [GeneratedRegex(@"new (Refusal|DomainException|ReviewException|ExportUnavailableException)\(\s*\$?""")]
    private static partial Regex StrayRefusal();

    [GeneratedRegex(@"\{(\d+)")]
    private static partial Regex Placeholder();

    private static string[] Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToArray();

    private static bool IsHangul(char c) => c is >= '가' and <= '힣';

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PlanWorkspace.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (PlanWorkspace.sln) was not found above the test binaries.");
    }
}
