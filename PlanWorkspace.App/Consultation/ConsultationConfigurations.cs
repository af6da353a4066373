using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Consultation;

internal sealed class PublicConsultationConfiguration : IEntityTypeConfiguration<PublicConsultation>
{
    public void Configure(EntityTypeBuilder<PublicConsultation> b)
    {
        b.ToTable("Consultations");
        b.Property(x => x.Slug).HasMaxLength(60);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Title).HasMaxLength(PublicConsultation.MaxTitleLength);
        b.Property(x => x.ContactEmail).HasMaxLength(PublicConsultation.MaxEmailLength);
        b.Property(x => x.Notice).HasMaxLength(PublicConsultation.MaxNoticeLength);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        // Receipt numbers are handed out from this counter: a concurrent submission that read the
        // same value fails its save instead of issuing the same number twice.
        b.Property(x => x.ReceiptsIssued).IsConcurrencyToken();
        b.Ignore(x => x.IsPublic);
        b.HasOne<PlanVersion>().WithMany().HasForeignKey(x => x.PlanVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OpinionConfiguration : IEntityTypeConfiguration<Opinion>
{
    public void Configure(EntityTypeBuilder<Opinion> b)
    {
        b.ToTable("Opinions");
        b.Property(x => x.ReceiptNumber).HasMaxLength(20);
        b.HasIndex(x => new { x.ConsultationId, x.ReceiptNumber }).IsUnique();
        b.Property(x => x.SubmitterName).HasMaxLength(Opinion.MaxNameLength);
        b.Property(x => x.Institution).HasMaxLength(Opinion.MaxInstitutionLength);
        b.Property(x => x.Email).HasMaxLength(PublicConsultation.MaxEmailLength);
        b.Property(x => x.QuotedPassage).HasMaxLength(Opinion.MaxQuoteLength);
        b.Property(x => x.QuoteAnchor).HasMaxLength(Opinion.MaxAnchorLength);
        b.Property(x => x.Text).HasMaxLength(Opinion.MaxTextLength);
        b.Property(x => x.Subject).HasMaxLength(Opinion.MaxSubjectLength);
        b.Property(x => x.MessageId).HasMaxLength(Opinion.MaxMessageIdLength);
        b.Property(x => x.AttentionReason).HasMaxLength(500);
        b.Property(x => x.Fingerprint).HasMaxLength(OpinionFingerprint.Bytes);
        b.Property(x => x.AttachmentText).HasMaxLength(Opinion.MaxAttachmentTextLength);
        b.Property(x => x.ClassificationReason).HasMaxLength(Opinion.MaxReasonLength);
        b.Property(x => x.Category).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Classification).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => new { x.ConsultationId, x.State });
        b.HasIndex(x => new { x.ConsultationId, x.Email, x.ReceivedAt });
        b.HasIndex(x => new { x.ConsultationId, x.MessageId });
        // The inbox's filters (bench consult): each answers "which ids, newest first" from an index
        // without reading the opinion's text.
        b.HasIndex(x => new { x.ConsultationId, x.Category });
        b.HasIndex(x => new { x.ConsultationId, x.SectionId });
        b.HasIndex(x => new { x.ConsultationId, x.AssignedBodyId });
        // A link without a foreign key: adding one to an existing SQLite table rebuilds it, which would
        // drop the search triggers (and suggestions are never deleted).
        b.HasIndex(x => x.SuggestionId);
        b.HasOne<PublicConsultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Body>().WithMany().HasForeignKey(x => x.AssignedBodyId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Institution>().WithMany().HasForeignKey(x => x.InstitutionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Opinion>().WithMany().HasForeignKey(x => x.DuplicateOfId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.ClassifiedById).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Attachments).WithOne().HasForeignKey(x => x.OpinionId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Attachments).HasField("_attachments").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class OpinionAttachmentConfiguration : IEntityTypeConfiguration<OpinionAttachment>
{
    public void Configure(EntityTypeBuilder<OpinionAttachment> b)
    {
        b.ToTable("OpinionAttachments");
        b.Property(x => x.FileName).HasMaxLength(OpinionAttachment.MaxFileNameLength);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.TextProblem).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class InstitutionConfiguration : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> b)
    {
        b.ToTable("Institutions");
        b.Property(x => x.Name).HasMaxLength(Institution.MaxNameLength);
        b.HasIndex(x => x.Name).IsUnique();
        b.Property(x => x.Category).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ContactEmail).HasMaxLength(PublicConsultation.MaxEmailLength);
        b.Property(x => x.Domain).HasMaxLength(Institution.MaxDomainLength);
        b.HasIndex(x => x.Domain);
    }
}

internal sealed class ConsultationDocumentConfiguration : IEntityTypeConfiguration<ConsultationDocument>
{
    public void Configure(EntityTypeBuilder<ConsultationDocument> b)
    {
        b.ToTable("ConsultationDocuments");
        b.HasKey(x => new { x.ConsultationId, x.Culture });
        b.Property(x => x.Culture).HasMaxLength(10);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasOne<PublicConsultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsultationSectionConfiguration : IEntityTypeConfiguration<ConsultationSection>
{
    public void Configure(EntityTypeBuilder<ConsultationSection> b)
    {
        b.ToTable("ConsultationSections");
        b.HasKey(x => new { x.ConsultationId, x.Ordinal });
        b.HasIndex(x => new { x.ConsultationId, x.SectionId }).IsUnique();
        b.Property(x => x.Heading).HasMaxLength(400);
        b.HasOne<PublicConsultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
