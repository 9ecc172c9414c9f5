namespace ExplainHub.Server.Sessions;

/// <summary>A member's change to the shared view: the fields they changed, with their new values in <see cref="Proposed"/>.</summary>
public sealed record ViewEdit(IReadOnlyList<ViewField> Fields, SharedView Proposed)
{
    public static ViewEdit Of(SharedView proposed, params ViewField[] fields) => new(fields, proposed);
}

/// <summary>Who last wrote a field of the shared view, and when in the session's order of edits.</summary>
public sealed record FieldStamp(long Sequence, string Author);
