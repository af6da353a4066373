using System.IO.Compression;
using System.Xml;
using PlanWorkspace.App.Export;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>Small in-memory plans for exporter tests, and a reader for the exported packages.</summary>
public static class ExportPlans
{
    /// <summary>A 1×1 PNG as a data URI: the one kind of image the policy keeps.</summary>
    public const string PngDataUri = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    /// <summary>Every construct a section may use, harmless: the structure the corpus exports are compared with.</summary>
    public const string Benign = """
        ## 개요

        본문 **굵게** *기울임* `코드` [누리집](https://www.korea.kr) <https://www.korea.kr> [메일](mailto:plan@korea.kr)

        1. 하나
        2. 둘
           - 셋

        > 인용

            코드 블록

        | 구분 | 예산 |
        |:---|---:|
        | 가 | 1조 원 |

        {{target:gpu-2030}}

        본문 {{target:gpu-2030}} 계속

        {{initiatives}}

        {{없는것}}

        용어
        : 정의

        H~2~O ~~취소~~ ==강조==

        ---

        ### 소제목

        ![그림](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==)
        """;

    /// <summary>A plan of one body with one section holding <paramref name="markdown"/>.</summary>
    public static AssembledPlan Plan(string markdown)
    {
        var body = new Body("industry-ax", "산업AX·생태계 분과", "Industry AX", BodyKind.Subcommittee, 1);
        var target = new Target(0, "gpu-2030", "첨단 GPU 확보 규모", "장", 2_000m, 2024, 50_000m, 2030, TargetDirection.Increase);
        var facts = new PlanFacts([body], [target], [new Initiative(0, "2-1", "제조 AI 풀스택 수출", "산업통상자원부")], new DateOnly(2026, 11, 26));
        var section = new AssembledSection(1, 0, "가.", "산업AX·생태계 분야 추진계획", SectionStatus.Drafting, ["이서연"], DateTimeOffset.UnixEpoch, 3, markdown);
        return new AssembledPlan("대한민국 인공지능행동계획(안)", "국가인공지능전략위원회", "모두의 AI", DateTimeOffset.UnixEpoch, null,
            [new AssembledBody(body, "1.", [section])], facts);
    }

    /// <summary>Exports with <paramref name="exporter"/> into bytes.</summary>
    public static async Task<byte[]> ExportAsync(IPlanExporter exporter, AssembledPlan plan)
    {
        using var buffer = new MemoryStream();
        await exporter.WriteAsync(plan, PlanTestData.Labels(), buffer);
        return buffer.ToArray();
    }

    /// <summary>A zip package's entries: name → bytes.</summary>
    public static Dictionary<string, byte[]> Entries(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    /// <summary>Every element ({namespace}name) and every attribute value of an XML part.</summary>
    public static (HashSet<string> Elements, List<string> AttributeValues) Xml(byte[] part)
    {
        var elements = new HashSet<string>();
        var values = new List<string>();
        using var reader = XmlReader.Create(new MemoryStream(part), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            elements.Add($"{{{reader.NamespaceURI}}}{reader.LocalName}");
            while (reader.MoveToNextAttribute())
            {
                values.Add(reader.Value);
            }
            reader.MoveToElement();
        }
        return (elements, values);
    }
}
