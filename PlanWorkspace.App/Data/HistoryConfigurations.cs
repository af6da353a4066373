using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Data;

internal sealed class SectionHistoryStateConfiguration : IEntityTypeConfiguration<SectionHistoryState>
{
    public void Configure(EntityTypeBuilder<SectionHistoryState> b)
    {
        b.ToTable("SectionHistoryStates");
        b.HasKey(x => x.SectionId);
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SectionHistoryBlockConfiguration : IEntityTypeConfiguration<SectionHistoryBlock>
{
    public void Configure(EntityTypeBuilder<SectionHistoryBlock> b)
    {
        b.ToTable("SectionHistoryBlocks");
        b.HasKey(x => new { x.SectionId, x.FirstVersion });
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SectionKeyframeConfiguration : IEntityTypeConfiguration<SectionKeyframe>
{
    public void Configure(EntityTypeBuilder<SectionKeyframe> b)
    {
        b.ToTable("SectionKeyframes");
        b.HasKey(x => new { x.SectionId, x.Version });
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SectionCheckpointConfiguration : IEntityTypeConfiguration<SectionCheckpoint>
{
    public void Configure(EntityTypeBuilder<SectionCheckpoint> b)
    {
        b.ToTable("SectionCheckpoints");
        b.HasKey(x => new { x.SectionId, x.FromVersion });
        b.Property(x => x.AuthorIds).HasMaxLength(2000);
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NamedVersionConfiguration : IEntityTypeConfiguration<NamedVersion>
{
    public void Configure(EntityTypeBuilder<NamedVersion> b)
    {
        b.ToTable("NamedVersions");
        b.Property(x => x.Name).HasMaxLength(NamedVersion.MaxNameLength);
        b.HasIndex(x => new { x.SectionId, x.Version });
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PlanVersionConfiguration : IEntityTypeConfiguration<PlanVersion>
{
    public void Configure(EntityTypeBuilder<PlanVersion> b)
    {
        b.ToTable("PlanVersions");
        b.Property(x => x.Name).HasMaxLength(NamedVersion.MaxNameLength);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Entries).WithOne().HasForeignKey(x => x.PlanVersionId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Entries).HasField("_entries").AutoInclude();
    }
}

internal sealed class PlanVersionEntryConfiguration : IEntityTypeConfiguration<PlanVersionEntry>
{
    public void Configure(EntityTypeBuilder<PlanVersionEntry> b)
    {
        b.ToTable("PlanVersionEntries");
        b.HasKey(x => new { x.PlanVersionId, x.SectionId });
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
