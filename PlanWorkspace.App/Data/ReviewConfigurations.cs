using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Data;

/// <summary>A review anchor's columns: AnchorFrom, AnchorTo, AnchorVersion.</summary>
internal static class AnchorColumns
{
    public static void Configure(ComplexPropertyBuilder<ReviewAnchor> a)
    {
        a.Property(x => x.From).HasColumnName("AnchorFrom");
        a.Property(x => x.To).HasColumnName("AnchorTo");
        a.Property(x => x.Version).HasColumnName("AnchorVersion");
    }
}

internal sealed class SuggestionConfiguration : IEntityTypeConfiguration<Suggestion>
{
    public void Configure(EntityTypeBuilder<Suggestion> b)
    {
        b.ComplexProperty(x => x.Anchor, AnchorColumns.Configure);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Reason).HasMaxLength(ReviewText.MaxReason);
        b.Property(x => x.DecisionNote).HasMaxLength(ReviewText.MaxReason);
        b.Ignore(x => x.Kind);
        b.HasMany(x => x.Comments).WithOne().HasForeignKey(x => x.SuggestionId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Comments).HasField("_comments").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(x => x.IsFinal);
        b.Ignore(x => x.IsPending);
        b.HasIndex(x => new { x.SectionId, x.State });
        b.HasIndex(x => x.AuthorId);
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.OnBehalfOfId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(x => x.Proposers);
    }
}

internal sealed class CommentThreadConfiguration : IEntityTypeConfiguration<CommentThread>
{
    public void Configure(EntityTypeBuilder<CommentThread> b)
    {
        b.ComplexProperty(x => x.Anchor, AnchorColumns.Configure);
        b.HasMany(x => x.Comments).WithOne().HasForeignKey(x => x.ThreadId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Comments).HasField("_comments").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasIndex(x => new { x.SectionId, x.Resolved });
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.StarterId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> b)
    {
        b.Property(x => x.Body).HasMaxLength(ReviewText.MaxComment);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SectionEventConfiguration : IEntityTypeConfiguration<SectionEvent>
{
    public void Configure(EntityTypeBuilder<SectionEvent> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Note).HasMaxLength(4000);
        b.HasIndex(x => new { x.SectionId, x.At });
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Topic).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.MarkId).HasMaxLength(Notification.MaxMarkId);
        b.HasIndex(x => new { x.PersonId, x.ReadAt });
        b.HasIndex(x => new { x.PersonId, x.At });
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
