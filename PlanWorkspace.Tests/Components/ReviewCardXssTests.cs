using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PlanWorkspace.App.Components.Pages.Sections;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

/// <summary>
/// Every payload of <see cref="XssCorpus"/> as the quoted text, replacement, reason, current text,
/// names and comment of the suggestion and thread cards. Each must come out as exactly that text,
/// and the card must have exactly the elements and attributes it has for harmless text.
/// </summary>
public sealed class ReviewCardXssTests : BunitContext, IAsyncLifetime
{
    // The cards need only MudBlazor and the resources; no database (this runs 270 renders).
    public ReviewCardXssTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
    }

    public static TheoryData<string> Payloads => XssCorpus.Data();

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static SuggestionView Suggestion(string text, SuggestionState state) =>
        new(12, 1, text, 2, 7, text, "#3949ab", state, SuggestionKind.Replace, text, state == SuggestionState.Outdated ? text + " 수정" : text,
            text, text, DateTimeOffset.UnixEpoch, "이서연", null, CanDecide: false, CanWithdraw: false);

    private static ThreadView Thread(string text) =>
        new(5, 1, text, 2, 7, text, "#3949ab", text, Resolved: false, Orphaned: false,
            [new CommentView(1, 7, text, text, DateTimeOffset.UnixEpoch, MentionsMe: false)], CanResolve: false, CanReply: false);

    [Theory]
    [MemberData(nameof(Payloads))]
    public void ASuggestionCardShowsThePayloadAsTextOnly(string payload)
    {
        var card = Render<SuggestionCard>(p => p.Add(c => c.Suggestion, Suggestion(payload, SuggestionState.Open)).Add(c => c.ShowSection, true));
        var harmless = Render<SuggestionCard>(p => p.Add(c => c.Suggestion, Suggestion("x", SuggestionState.Open)).Add(c => c.ShowSection, true));

        Assert.Equal(payload, card.Find("[data-testid=suggestion-quote]").TextContent);
        Assert.Equal(payload, card.Find("[data-testid=suggestion-replacement]").TextContent);
        Assert.Equal(Shape(harmless.Nodes), Shape(card.Nodes));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void AnOutdatedSuggestionShowsTheCurrentTextAndItsDiffAsTextOnly(string payload)
    {
        var card = Render<SuggestionCard>(p => p.Add(c => c.Suggestion, Suggestion(payload, SuggestionState.Outdated)));

        Assert.Equal(payload + " 수정", card.Find(".pw-current-text").TextContent);
        // The word diff splits the text into del/ins/span runs, and nothing else.
        var diff = card.Find("[data-testid=suggestion-outdated-diff]");
        Assert.All(diff.Children, c => Assert.True(c.LocalName is "del" or "ins" or "span" && c.Attributes.Length == 0 && c.Children.Length == 0, c.OuterHtml));
        Assert.Equal(payload + " 수정", string.Concat(diff.Children.Where(c => c.LocalName != "del").Select(c => c.TextContent)));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void AThreadCardShowsThePayloadAsTextOnly(string payload)
    {
        var card = Render<ThreadCard>(p => p.Add(c => c.Thread, Thread(payload)).Add(c => c.ShowSection, true));
        var harmless = Render<ThreadCard>(p => p.Add(c => c.Thread, Thread("x")).Add(c => c.ShowSection, true));

        Assert.Equal(payload, card.Find("[data-testid=thread-quote]").TextContent);
        Assert.Contains(payload, card.Find("[data-testid=thread-comment]").TextContent, StringComparison.Ordinal);
        Assert.Equal(Shape(harmless.Nodes), Shape(card.Nodes));
    }

    // Every element with its attributes (names and values, generated ids and handler numbers
    // aside), in document order; text left out.
    private static List<string> Shape(INodeList nodes) =>
        nodes.SelectMany(n => n is IElement e ? [e, .. e.Descendants<IElement>()] : Enumerable.Empty<IElement>())
            .Select(e => $"<{e.LocalName} {string.Join(" ", e.Attributes.Select(a => a.Name.StartsWith("blazor:", StringComparison.Ordinal) ? a.Name : $"{a.Name}={Regex.Replace(a.Value, "[0-9a-f]{8}-[0-9a-f-]{27}|[0-9]+", "#")}"))}>")
            .ToList();
}
