using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Pipeline;

namespace PrintStash.Ingestion.Tests.Pipeline;

public sealed class RevisionAssignerTests
{
    private static RevisionView Revision(int number, params (string Name, FileKind Kind)[] files) => new(Guid.NewGuid(), number, files);

    [Fact]
    public void First_file_of_a_model_opens_revision_one()
    {
        Assert.Equal(new RevisionChoice(null, 1), RevisionAssigner.Assign([], "a.stl", FileKind.Stl));
    }

    [Fact]
    public void Print_file_joins_the_revision_with_the_longest_matching_source_name()
    {
        var v1 = Revision(1, ("bracket.stl", FileKind.Stl));
        var v2 = Revision(2, ("bracket_v2.3mf", FileKind.ThreeMf));
        var v3 = Revision(3, ("holder.stl", FileKind.Stl));

        Assert.Equal(v2.Id, RevisionAssigner.Assign([v1, v2, v3], "bracket_v2_0.2mm_PLA.gcode", FileKind.GCode).ExistingRevisionId);
        Assert.Equal(v1.Id, RevisionAssigner.Assign([v1, v2, v3], "BRACKET_petg.bgcode", FileKind.BGCode).ExistingRevisionId);
        Assert.Equal(v3.Id, RevisionAssigner.Assign([v1, v2, v3], "unrelated.gcode.3mf", FileKind.GCode3mf).ExistingRevisionId);
    }

    [Fact]
    public void Mesh_file_opens_the_next_revision_unless_the_newest_has_no_source_yet()
    {
        var withSource = Revision(1, ("a.stl", FileKind.Stl), ("a.gcode", FileKind.GCode));
        var printOnly = Revision(2, ("b.gcode", FileKind.GCode));

        Assert.Equal(new RevisionChoice(null, 2), RevisionAssigner.Assign([withSource], "a_v2.stl", FileKind.Stl));
        Assert.Equal(new RevisionChoice(printOnly.Id, 2), RevisionAssigner.Assign([withSource, printOnly], "b.stl", FileKind.Stl));
    }
}
