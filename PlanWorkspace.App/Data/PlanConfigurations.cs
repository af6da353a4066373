using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Data;

internal sealed class CommitteeConfiguration : IEntityTypeConfiguration<Committee>
{
    public void Configure(EntityTypeBuilder<Committee> b)
    {
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.PlanTitle).HasMaxLength(200);
        b.Property(c => c.Vision).HasMaxLength(500);
    }
}

internal sealed class BodyConfiguration : IEntityTypeConfiguration<Body>
{
    public void Configure(EntityTypeBuilder<Body> b)
    {
        b.HasIndex(x => x.Code).IsUnique();
        b.Property(x => x.Code).HasMaxLength(60);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.NameEn).HasMaxLength(100);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.HasIndex(x => x.Email).IsUnique();
        b.Property(x => x.DisplayName).HasMaxLength(100);
        b.Property(x => x.Email).HasMaxLength(200);
        b.Property(x => x.Affiliation).HasMaxLength(200);
        b.HasMany(x => x.Memberships).WithOne().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Memberships).AutoInclude();
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Body>().WithMany().HasForeignKey(x => x.BodyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.PersonId, x.Role, x.BodyId }).IsUnique();
    }
}

internal sealed class SectionConfiguration : IEntityTypeConfiguration<Section>
{
    public void Configure(EntityTypeBuilder<Section> b)
    {
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ReviewNote).HasMaxLength(4000);
        b.HasOne<Body>().WithMany().HasForeignKey(x => x.BodyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.BodyId, x.Order });
    }
}

internal sealed class InitiativeConfiguration : IEntityTypeConfiguration<Initiative>
{
    public void Configure(EntityTypeBuilder<Initiative> b)
    {
        b.Property(x => x.Code).HasMaxLength(20);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Objective).HasMaxLength(2000);
        b.Property(x => x.LeadMinistry).HasMaxLength(100);
        b.PrimitiveCollection<List<string>>("_supportingMinistries").HasColumnName("SupportingMinistries");
        b.Ignore(x => x.SupportingMinistries);
        b.HasOne<Body>().WithMany().HasForeignKey(x => x.BodyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.BodyId, x.Code }).IsUnique();

        b.OwnsMany(x => x.SubInitiatives, s =>
        {
            s.ToTable("SubInitiatives");
            s.WithOwner().HasForeignKey("InitiativeId");
            s.HasKey(p => p.Id);
            s.Property(p => p.Title).HasMaxLength(200);
        });
        b.OwnsMany(x => x.Milestones, m =>
        {
            m.ToTable("Milestones");
            m.WithOwner().HasForeignKey("InitiativeId");
            m.Property<int>("Id");
            m.HasKey("Id");
            m.Property(p => p.Label).HasMaxLength(200);
        });
        b.HasMany(x => x.Targets).WithMany().UsingEntity("InitiativeTargets");
        b.Navigation(x => x.Targets).AutoInclude();
    }
}

internal sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> b)
    {
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Key).HasMaxLength(60);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Unit).HasMaxLength(30);
        b.Property(x => x.Direction).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Body>().WithMany().HasForeignKey(x => x.BodyId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(x => x.Progress);
    }
}

internal sealed class SectionOpConfiguration : IEntityTypeConfiguration<SectionOp>
{
    public void Configure(EntityTypeBuilder<SectionOp> b)
    {
        b.HasKey(x => new { x.SectionId, x.Version });
        b.Property(x => x.ClientId).HasMaxLength(64);
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SectionSnapshotConfiguration : IEntityTypeConfiguration<SectionSnapshot>
{
    public void Configure(EntityTypeBuilder<SectionSnapshot> b)
    {
        b.HasKey(x => new { x.SectionId, x.Version });
        b.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
