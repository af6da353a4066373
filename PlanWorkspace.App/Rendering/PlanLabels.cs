using System.Globalization;
using Microsoft.Extensions.Localization;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Rendering;

/// <summary>
/// The words and formats the assembled plan and its exports use, in one culture: looked up once
/// from the UI resources so that exporters and renderers stay free of localisation plumbing.
/// </summary>
public sealed class PlanLabels(IStringLocalizer localizer, CultureInfo culture)
{
    public CultureInfo Culture { get; } = culture;

    public string this[string key] => localizer[key];

    public string Contents => this["Plan.Contents"];
    public string Annex => this["Plan.Annex"];
    public string Authors => this["Plan.Authors"];
    public string LastChange => this["Plan.LastChange"];
    public string Page => this["Plan.Page"];
    public string Status => this["Targets.Status"];
    public string Body => this["Plan.Body"];
    public string Section => this["Plan.Section"];
    public string TargetName => this["Targets.Name"];
    public string Unit => this["Targets.Unit"];
    public string Baseline => this["Targets.Baseline"];
    public string Target => this["Targets.Target"];
    public string Latest => this["Targets.Latest"];
    public string Code => this["Initiatives.Code"];
    public string Initiative => this["Initiatives.Title"];
    public string LeadMinistry => this["Initiatives.LeadMinistry"];
    public string SupportingMinistries => this["Initiatives.SupportingMinistries"];
    public string LinkedTargets => this["Plan.LinkedTargets"];
    public string NoInitiatives => this["Plan.NoInitiatives"];
    public string NoTargets => this["Plan.NoTargets"];
    public string NoAuthors => "—";

    public string UnknownTarget(string key) => string.Format(Culture, this["Plan.UnknownTarget"], key);
    public string UnknownShortcode(string written) => string.Format(Culture, this["Plan.UnknownShortcode"], written);
    public string StatusOf(SectionStatus status) => this[$"SectionStatus.{status}"];
    public string StatusOf(TargetStatus status) => this[$"TargetStatus.{status}"];

    /// <summary>"2025. 12. 16." in Korean, "12/16/2025" in English.</summary>
    public string Date(DateTimeOffset at) => at.ToLocalTime().ToString("d", Culture);

    /// <summary>"2025. 12. 16. 오후 3:05".</summary>
    public string DateTime(DateTimeOffset at) => at.ToLocalTime().ToString("g", Culture);

    /// <summary>A value with its unit and year: "50,000장 (2030)".</summary>
    public string Measure(decimal value, string unit, int year) =>
        string.Format(Culture, "{0:#,0.##}{1} ({2})", value, unit, year);

    public string Value(decimal value, string unit) => string.Format(Culture, "{0:#,0.##}{1}", value, unit);
}
