using ExplainHub.Server.Sessions;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Sessions;

public sealed class SyncedViewTests
{
    private static readonly SyncedView Start = SyncedView.Initial(new SharedView
    {
        DatasetId = "fashion-mnist", Image = new ViewImage(DatasetSplit.Test, 0), Models = ["m1"], Methods = ["cam"],
    });

    [Fact]
    public void Apply_StampsOnlyTheFieldsThatChange_WithTheNextSequence()
    {
        var proposed = Start.View with { Image = new ViewImage(DatasetSplit.Test, 7), Models = ["m1"] };

        var after = Start.Apply(ViewEdit.Of(proposed, ViewField.Image, ViewField.Models), "Ada");

        Assert.Equal(1, after.Sequence);
        Assert.Equal(new ViewImage(DatasetSplit.Test, 7), after.View.Image);
        Assert.Equal(new FieldStamp(1, "Ada"), after.StampOf(ViewField.Image));
        Assert.Null(after.StampOf(ViewField.Models));
    }

    [Fact]
    public void Apply_OfNothingNew_KeepsTheSequence()
    {
        var after = Start.Apply(ViewEdit.Of(Start.View, ViewField.Image, ViewField.Opacity), "Ada");

        Assert.Same(Start, after);
    }

    [Fact]
    public void Apply_OnlyTakesTheNamedFields_FromTheProposal()
    {
        // Bob proposes from a stale copy: only the field he changed is his edit, the rest of his copy is ignored.
        var bobsStaleCopy = Start.View with { Opacity = 0.2 };
        var afterAda = Start.Apply(ViewEdit.Of(Start.View with { Models = ["m1", "m2"] }, ViewField.Models), "Ada");

        var afterBob = afterAda.Apply(ViewEdit.Of(bobsStaleCopy, ViewField.Opacity), "Bob");

        Assert.Equal(["m1", "m2"], afterBob.View.Models);
        Assert.Equal(0.2, afterBob.View.Opacity);
        Assert.Equal("Ada", afterBob.StampOf(ViewField.Models)!.Author);
        Assert.Equal("Bob", afterBob.StampOf(ViewField.Opacity)!.Author);
    }

    [Fact]
    public void ConcurrentEditsOfOneField_TheLastAppliedWins_AndIsNamed()
    {
        var ada = ViewEdit.Of(Start.View with { TargetClass = 3 }, ViewField.TargetClass);
        var bob = ViewEdit.Of(Start.View with { TargetClass = 5 }, ViewField.TargetClass);

        var adaThenBob = Start.Apply(ada, "Ada").Apply(bob, "Bob");
        var bobThenAda = Start.Apply(bob, "Bob").Apply(ada, "Ada");

        Assert.Equal(5, adaThenBob.View.TargetClass);
        Assert.Equal(new FieldStamp(2, "Bob"), adaThenBob.StampOf(ViewField.TargetClass));
        Assert.Equal(3, bobThenAda.View.TargetClass);
        Assert.Equal(new FieldStamp(2, "Ada"), bobThenAda.StampOf(ViewField.TargetClass));
    }

    [Fact]
    public void TheSameEditsInTheSameOrder_GiveTheSameViewEverywhere()
    {
        var random = new Random(11);
        var edits = Enumerable.Range(0, 300).Select(i => (Edit: RandomEdit(random, i), Author: $"member {i % 4}")).ToArray();

        var first = edits.Aggregate(Start, (view, e) => view.Apply(e.Edit, e.Author));
        var second = edits.Aggregate(Start, (view, e) => view.Apply(e.Edit, e.Author));

        Assert.Equal(first.Sequence, second.Sequence);
        Assert.All(Enum.GetValues<ViewField>(), f => Assert.True(first.View.SameAs(f, second.View), f.ToString()));
        Assert.Equal(first.Stamps.OrderBy(s => s.Key), second.Stamps.OrderBy(s => s.Key));
        Assert.True(first.Sequence > 100);
    }

    [Fact]
    public void AnInvalidField_RefusesTheWholeEdit()
    {
        var proposed = Start.View with { Image = new ViewImage(DatasetSplit.Test, 4), Opacity = 7 };

        var refused = Assert.Throws<SessionRefusedException>(() => Start.Apply(ViewEdit.Of(proposed, ViewField.Image, ViewField.Opacity), "Ada"));

        Assert.Contains("pacity", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ViewField.Image)]
    [InlineData(ViewField.Models)]
    [InlineData(ViewField.TargetClass)]
    [InlineData(ViewField.ColorMap)]
    public void AbsurdValues_AreRefused(ViewField field)
    {
        var absurd = field switch
        {
            ViewField.Image => Start.View with { Image = new ViewImage(DatasetSplit.Test, -3) },
            ViewField.Models => Start.View with { Models = Enumerable.Range(0, 40).Select(i => $"m{i}").ToArray() },
            ViewField.TargetClass => Start.View with { TargetClass = -1 },
            _ => Start.View with { ColorMap = "no-such-map" },
        };

        Assert.Throws<SessionRefusedException>(() => Start.Apply(ViewEdit.Of(absurd, field), "Ada"));
    }

    public static TheoryData<string> MalformedViews => ["parameters twice", "parameters of no function", "no parameter list", "a parameter without value", "no models", "no methods", "a tile of no model", "no such split", "no such field", "no edit"];

    [Theory]
    [MemberData(nameof(MalformedViews))]
    public void WhatAHubClientCanSend_ThatNoPageCouldShow_IsRefused(string what)
    {
        // Every member's page applies the view: a column's parameters become a dictionary keyed by function, so two
        // columns of one function failed each page that joined the session afterwards.
        MethodParameter[] patch = [new("patch", "8")];
        var (field, view) = what switch
        {
            "parameters twice" => (ViewField.Parameters, Start.View with { Parameters = [new("occlusion", patch), new("occlusion", [])] }),
            "parameters of no function" => (ViewField.Parameters, Start.View with { Parameters = [new(null!, patch)] }),
            "no parameter list" => (ViewField.Parameters, Start.View with { Parameters = [new("occlusion", null!)] }),
            "a parameter without value" => (ViewField.Parameters, Start.View with { Parameters = [new("occlusion", [new("patch", null!)])] }),
            "no models" => (ViewField.Models, Start.View with { Models = null! }),
            "no methods" => (ViewField.Methods, Start.View with { Methods = null! }),
            "a tile of no model" => (ViewField.Enlarged, Start.View with { Enlarged = new TileRef(null!, "cam") }),
            "no such split" => (ViewField.Image, Start.View with { Image = new ViewImage((DatasetSplit)9, 0) }),
            "no such field" => ((ViewField)42, Start.View),
            _ => (ViewField.Image, null!),
        };

        var refused = Assert.Throws<SessionRefusedException>(() => Start.Apply(new ViewEdit([field], view), "Ada"));

        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        var distinct = Start.Apply(ViewEdit.Of(Start.View with { Parameters = [new("occlusion", patch), new("cam", [])] }, ViewField.Parameters), "Ada");
        Assert.Equal(2, distinct.View.Parameters.Count);
    }

    [Theory]
    [InlineData(1, 0, int.MaxValue, 1)]
    [InlineData(0, 5, 1, int.MaxValue)]
    [InlineData(4000, 0, 97, 1)]
    public void ACommentsRectangle_OutsideTheMap_IsRefused_EvenWhereItsEndOverflows(int x, int y, int width, int height)
    {
        Assert.NotNull(new CommentAnchor("test/0", "m1", "cam", x, y, width, height).Problem());
        Assert.Null(new CommentAnchor("test/0", "m1", "cam", x, y, Math.Min(width, 96), Math.Min(height, 96)).Problem());
    }

    private static ViewEdit RandomEdit(Random random, int i) => random.Next(4) switch
    {
        0 => ViewEdit.Of(Start.View with { Image = new ViewImage(DatasetSplit.Test, random.Next(5)) }, ViewField.Image),
        1 => ViewEdit.Of(Start.View with { TargetClass = random.Next(3) }, ViewField.TargetClass),
        2 => ViewEdit.Of(Start.View with { Opacity = random.Next(1, 10) / 10.0, Models = [$"m{i % 3}"] }, ViewField.Opacity, ViewField.Models),
        _ => ViewEdit.Of(Start.View with { Enlarged = random.Next(2) == 0 ? null : new TileRef("m1", "cam") }, ViewField.Enlarged),
    };
}
