namespace PlanWorkspace.Domain.Outcomes;

/// <summary>
/// Every refusal the Domain and the App return or throw, in one place (ADR-022). A code is the
/// resource key of its message: the codes starting <c>Consult.</c>, <c>Registry.</c> or <c>Opinion.</c>
/// are in <c>ConsultationResource</c> (the consultation pages' resources), all others in
/// <c>SharedResource</c>; both cultures carry each one (<c>RefusalResourceTests</c>). The hub's wire
/// codes (<c>CollaborationException</c>) are a separate, smaller vocabulary the editor knows.
/// </summary>
public static class Refusals
{
    /// <summary>Field rules any entity applies. {0} is the field (a <see cref="Term"/> from <see cref="Fields"/>).</summary>
    public static class Input
    {
        public static readonly Refusal Required = new("Input.Error.Required");
        /// <summary>{1}: the most characters.</summary>
        public static readonly Refusal TooLong = new("Input.Error.TooLong");
        public static readonly Refusal Year = new("Input.Error.Year");
        public static readonly Refusal Slug = new("Input.Error.Slug");
        public static readonly Refusal Email = new("Input.Error.Email");
        /// <summary>{1}: the largest magnitude, {2}: the most decimal places.</summary>
        public static readonly Refusal ValueRange = new("Input.Error.ValueRange");
    }

    /// <summary>The names of fields, placed into <see cref="Input"/>'s messages.</summary>
    public static class Fields
    {
        public static readonly Term VersionName = new("Field.VersionName");
        public static readonly Term Name = new("Field.Name");
        public static readonly Term Email = new("Field.Email");
        public static readonly Term Affiliation = new("Field.Affiliation");
        public static readonly Term Institution = new("Field.Institution");
        public static readonly Term InstitutionName = new("Field.InstitutionName");
        public static readonly Term QuotedPassage = new("Field.QuotedPassage");
        public static readonly Term Opinion = new("Field.Opinion");
        public static readonly Term Reason = new("Field.Reason");
        public static readonly Term ConsultationSlug = new("Field.ConsultationSlug");
        public static readonly Term ConsultationTitle = new("Field.ConsultationTitle");
        public static readonly Term Notice = new("Field.Notice");
        public static readonly Term ContactEmail = new("Field.ContactEmail");
        public static readonly Term TargetKey = new("Field.TargetKey");
        public static readonly Term TargetName = new("Field.TargetName");
        public static readonly Term Unit = new("Field.Unit");
        public static readonly Term BaselineYear = new("Field.BaselineYear");
        public static readonly Term TargetYear = new("Field.TargetYear");
        public static readonly Term BaselineValue = new("Field.BaselineValue");
        public static readonly Term TargetValue = new("Field.TargetValue");
        public static readonly Term MeasuredValue = new("Field.MeasuredValue");
        public static readonly Term InitiativeCode = new("Field.InitiativeCode");
        public static readonly Term InitiativeTitle = new("Field.InitiativeTitle");
        public static readonly Term LeadMinistry = new("Field.LeadMinistry");
        public static readonly Term Objective = new("Field.Objective");
        public static readonly Term SubInitiativeTitle = new("Field.SubInitiativeTitle");
        public static readonly Term Milestone = new("Field.Milestone");
        public static readonly Term SectionTitle = new("Field.SectionTitle");
        public static readonly Term ReviewNote = new("Field.ReviewNote");
        public static readonly Term BodyCode = new("Field.BodyCode");
        public static readonly Term BodyName = new("Field.BodyName");
        public static readonly Term BodyNameEn = new("Field.BodyNameEn");
        public static readonly Term CommitteeName = new("Field.CommitteeName");
        public static readonly Term PlanTitle = new("Field.PlanTitle");
        public static readonly Term Vision = new("Field.Vision");
    }

    /// <summary>Rules of the plan's structure: bodies, people, targets, initiatives, sections.</summary>
    public static class Planning
    {
        public static readonly Refusal TargetYearOrder = new("Planning.Error.TargetYearOrder");
        public static readonly Refusal IncreaseNotAbove = new("Planning.Error.IncreaseNotAbove");
        public static readonly Refusal DecreaseNotBelow = new("Planning.Error.DecreaseNotBelow");
        public static readonly Refusal MeasurementBeforeBaseline = new("Planning.Error.MeasurementBeforeBaseline");
        public static readonly Refusal ViceChairHasNoBody = new("Planning.Error.ViceChairHasNoBody");
        /// <summary>{0}: the role (a <see cref="Term"/> <c>Role.*</c>).</summary>
        public static readonly Refusal RoleNeedsBody = new("Planning.Error.RoleNeedsBody");
        public static readonly Refusal RoleHeld = new("Planning.Error.RoleHeld");
        public static readonly Refusal RoleNotHeld = new("Planning.Error.RoleNotHeld");
        public static readonly Refusal LeadAlsoSupporting = new("Planning.Error.LeadAlsoSupporting");
        /// <summary>{0}: the most characters.</summary>
        public static readonly Refusal MinistryTooLong = new("Planning.Error.MinistryTooLong");
        public static readonly Refusal SubInitiativeTaken = new("Planning.Error.SubInitiativeTaken");
        public static readonly Refusal TargetLinked = new("Planning.Error.TargetLinked");
        public static readonly Refusal TargetNotLinked = new("Planning.Error.TargetNotLinked");
        /// <summary>{0}, {1}: the statuses (<see cref="Term"/>s <c>SectionStatus.*</c>).</summary>
        public static readonly Refusal StatusTransition = new("Planning.Error.StatusTransition");
        /// <summary>{0}: the most characters.</summary>
        public static readonly Refusal SectionTooLong = new("Planning.Error.SectionTooLong");
    }

    /// <summary>Rules of consultations, opinions and institutions (shown on the consultation pages).</summary>
    public static class Opinions
    {
        public static readonly Refusal AttachmentEmpty = new("Opinion.Error.AttachmentEmpty");
        public static readonly Refusal NotTaking = new("Opinion.Error.NotTaking");
        public static readonly Refusal CategoryInvalid = new("Opinion.Error.CategoryInvalid");
        /// <summary>{0}: the most attachments.</summary>
        public static readonly Refusal TooManyAttachments = new("Opinion.Error.TooManyAttachments");
        public static readonly Refusal ReleaseOnlyHeld = new("Opinion.Error.ReleaseOnlyHeld");
        public static readonly Refusal ReleaseFirst = new("Opinion.Error.ReleaseFirst");
        public static readonly Refusal ClassificationUnknown = new("Opinion.Error.ClassificationUnknown");
        public static readonly Refusal AlreadySuggested = new("Opinion.Error.AlreadySuggested");
        public static readonly Refusal DuplicateOfItself = new("Opinion.Error.DuplicateOfItself");
        public static readonly Refusal MergeTarget = new("Opinion.Error.MergeTarget");
        public static readonly Refusal NotMerged = new("Opinion.Error.NotMerged");
        public static readonly Refusal AnchorMalformed = new("Opinion.Error.AnchorMalformed");
        public static readonly Refusal DomainMalformed = new("Opinion.Error.DomainMalformed");
        /// <summary>{0}: the state it must be in (a <see cref="Term"/> <c>Opinion.State.*</c>).</summary>
        public static readonly Refusal ConsultationState = new("Opinion.Error.ConsultationState");
        public static readonly Refusal PeriodOrder = new("Opinion.Error.PeriodOrder");
        public static readonly Refusal PeriodTooLong = new("Opinion.Error.PeriodTooLong");
    }

    /// <summary>Version history: timelines, named versions, restores, comparisons.</summary>
    public static class History
    {
        public static readonly Refusal NotFound = new("History.Error.NotFound");
        public static readonly Refusal NotAllowed = new("History.Error.NotAllowed");
        public static readonly Refusal NoSuchVersion = new("History.Error.NoSuchVersion");
        public static readonly Refusal NameInvalid = new("History.Error.NameInvalid");
        public static readonly Refusal RestoreFailed = new("History.Error.RestoreFailed");
        public static readonly Refusal AlreadyCurrent = new("History.Error.AlreadyCurrent");
        public static readonly Refusal TooLargeToCompare = new("History.Error.TooLargeToCompare");
        public static readonly Refusal VersionNegative = new("History.Error.VersionNegative");
        public static readonly Refusal PlanVersionEmpty = new("History.Error.PlanVersionEmpty");
    }

    /// <summary>Suggestions and comment threads.</summary>
    public static class Review
    {
        public static readonly Refusal Empty = new("Review.Error.Empty");
        /// <summary>{0}: the most characters.</summary>
        public static readonly Refusal TooLong = new("Review.Error.TooLong");
        public static readonly Refusal Final = new("Review.Error.Final");
        public static readonly Refusal AlreadyResolved = new("Review.Error.AlreadyResolved");
        public static readonly Refusal NotResolved = new("Review.Error.NotResolved");
        public static readonly Refusal NotYours = new("Review.Error.NotYours");
        public static readonly Refusal Deleted = new("Review.Error.Deleted");
        public static readonly Refusal OnBehalfOfSelf = new("Review.Error.OnBehalfOfSelf");
        public static readonly Refusal OnBehalfNotWriter = new("Review.Error.OnBehalfNotWriter");
        public static readonly Refusal OnBehalfNotReader = new("Review.Error.OnBehalfNotReader");
        public static readonly Refusal NothingSuggested = new("Review.Error.NothingSuggested");
        public static readonly Refusal SameText = new("Review.Error.SameText");
        public static readonly Refusal NotAccepted = new("Review.Error.NotAccepted");
        public static readonly Refusal AlreadyReverted = new("Review.Error.AlreadyReverted");
        public static readonly Refusal RevertTooOld = new("Review.Error.RevertTooOld");
        public static readonly Refusal RevertChanged = new("Review.Error.RevertChanged");
        public static readonly Refusal ConfirmOutdated = new("Review.Error.ConfirmOutdated");
        public static readonly Refusal OutsideText = new("Review.Error.OutsideText");
        public static readonly Refusal NoSelection = new("Review.Error.NoSelection");
        public static readonly Refusal Forbidden = new("Review.Error.Forbidden");
        public static readonly Refusal NotFound = new("Review.Error.NotFound");
        public static readonly Refusal NotReady = new("Review.Error.NotReady");
        public static readonly Refusal Stale = new("Review.Error.Stale");
    }

    /// <summary>The sign-off workflow.</summary>
    public static class Workflow
    {
        public static readonly Refusal NoteRequired = new("Workflow.Error.NoteRequired");
        public static readonly Refusal NotFound = new("Workflow.Error.NotFound");
        public static readonly Refusal Forbidden = new("Workflow.Error.Forbidden");
        public static readonly Refusal WrongStatus = new("Workflow.Error.WrongStatus");
        /// <summary>{0}: the version reviewed, {1}: the current version.</summary>
        public static readonly Refusal ChangedSinceReview = new("Workflow.Error.ChangedSinceReview");
    }

    /// <summary>Targets and initiatives.</summary>
    public static class PlanData
    {
        public static readonly Refusal NotAllowedForBody = new("Error.NotAllowedForBody");
        public static readonly Refusal UnknownBody = new("Error.UnknownBody");
        public static readonly Refusal NotFound = new("Error.NotFound");
        public static readonly Refusal DuplicateKey = new("Error.DuplicateKey");
        public static readonly Refusal DuplicateCode = new("Error.DuplicateCode");
        /// <summary>{0}: the largest magnitude, {1}: the most decimal places.</summary>
        public static readonly Refusal ValueRange = new("Validation.TargetValueRange");
    }

    /// <summary>Running consultations and triaging their opinions.</summary>
    public static class Consult
    {
        public static readonly Refusal NotAllowed = new("Consult.Error.NotAllowed");
        public static readonly Refusal NotFound = new("Consult.Error.NotFound");
        public static readonly Refusal Invalid = new("Consult.Error.Invalid");
        public static readonly Refusal PeriodMissing = new("Consult.Error.PeriodMissing");
        public static readonly Refusal SlugTaken = new("Consult.Error.SlugTaken");
        public static readonly Refusal WrongState = new("Consult.Error.WrongState");
        public static readonly Refusal NoPassage = new("Consult.Error.NoPassage");
        public static readonly Refusal PassageGone = new("Consult.Error.PassageGone");
        public static readonly Refusal AlreadySuggested = new("Consult.Error.AlreadySuggested");
        public static readonly Refusal MergeRefused = new("Consult.Error.MergeRefused");
        public static readonly Refusal ReasonRequired = new("Consult.Error.ReasonRequired");
        public static readonly Refusal NothingSelected = new("Consult.Error.NothingSelected");
        public static readonly Refusal NeedsRelease = new("Consult.Error.NeedsRelease");
        public static readonly Refusal AssignTarget = new("Consult.Error.AssignTarget");
    }

    /// <summary>The public opinion form (and its HTTP status, chosen by the intake).</summary>
    public static class Intake
    {
        public static readonly Refusal NotFound = new("Consult.Refuse.NotFound");
        public static readonly Refusal Closed = new("Consult.Refuse.Closed");
        public static readonly Refusal Spam = new("Consult.Refuse.Spam");
        public static readonly Refusal NameRequired = new("Consult.Refuse.NameRequired");
        public static readonly Refusal NameTooLong = new("Consult.Refuse.NameTooLong");
        public static readonly Refusal InstitutionTooLong = new("Consult.Refuse.InstitutionTooLong");
        public static readonly Refusal CategoryInvalid = new("Consult.Refuse.CategoryInvalid");
        public static readonly Refusal EmailInvalid = new("Consult.Refuse.EmailInvalid");
        public static readonly Refusal SectionInvalid = new("Consult.Refuse.SectionInvalid");
        public static readonly Refusal QuoteTooLong = new("Consult.Refuse.QuoteTooLong");
        public static readonly Refusal AnchorInvalid = new("Consult.Refuse.AnchorInvalid");
        public static readonly Refusal TextRequired = new("Consult.Refuse.TextRequired");
        public static readonly Refusal TextTooLong = new("Consult.Refuse.TextTooLong");
        public static readonly Refusal TooManyFiles = new("Consult.Refuse.TooManyFiles");
        public static readonly Refusal FileTooLarge = new("Consult.Refuse.FileTooLarge");
        public static readonly Refusal FileEmpty = new("Consult.Refuse.FileEmpty");
        public static readonly Refusal FileType = new("Consult.Refuse.FileType");
        public static readonly Refusal TooManyFromAddress = new("Consult.Refuse.TooManyFromAddress");
        public static readonly Refusal TooManyFromEmail = new("Consult.Refuse.TooManyFromEmail");
        public static readonly Refusal Busy = new("Consult.Refuse.Busy");
    }

    /// <summary>The institution registry's upload, and why single rows were rejected.</summary>
    public static class Registry
    {
        public static readonly Refusal TooLarge = new("Registry.Error.TooLarge");
        public static readonly Refusal TooManyRows = new("Registry.Error.TooManyRows");
        public static readonly Refusal Columns = new("Registry.Error.Columns");
        public static readonly Refusal Unreadable = new("Registry.Error.Unreadable");
        public static readonly Refusal RejectName = new("Registry.Reject.Name");
        public static readonly Refusal RejectCategory = new("Registry.Reject.Category");
        public static readonly Refusal RejectEmail = new("Registry.Reject.Email");
        public static readonly Refusal RejectDomain = new("Registry.Reject.Domain");
        public static readonly Refusal RejectDuplicate = new("Registry.Reject.Duplicate");
        public static readonly Refusal RejectDomainTaken = new("Registry.Reject.DomainTaken");
    }

    /// <summary>Exports that cannot be made now.</summary>
    public static class Export
    {
        public static readonly Refusal PdfUnavailable = new("Export.PdfUnavailable");
        public static readonly Refusal PdfFailed = new("Export.PdfFailed");
        public static readonly Refusal PdfTooMany = new("Export.PdfTooMany");
        public static readonly Refusal PdfBusy = new("Export.PdfBusy");
    }
}
