namespace ExplainHub.Server.Sessions;

/// <summary>
/// The shared view with, per field, who wrote it last. Edits are applied in the order the session receives them, each
/// taking a new <see cref="Sequence"/>: the last writer of a field wins, edits of different fields never undo each
/// other, and every member applying the same edits in sequence order ends with the same view.
/// </summary>
public sealed record SyncedView(SharedView View, long Sequence, IReadOnlyDictionary<ViewField, FieldStamp> Stamps)
{
    public static SyncedView Initial(SharedView view) => new(view, 0, new Dictionary<ViewField, FieldStamp>());

    /// <summary>
    /// This view after <paramref name="edit"/> by <paramref name="author"/>; fields whose value does not change keep
    /// their stamp, so "changed by" names who really changed it. Refuses the whole edit if one field is invalid.
    /// </summary>
    public SyncedView Apply(ViewEdit edit, string author)
    {
        if (edit?.Fields is null || edit.Proposed is null)
        {
            throw new SessionRefusedException("An edit names the fields it changes and proposes a view.");
        }

        var fields = edit.Fields.Distinct().ToArray();
        if (fields.Select(f => edit.Proposed.Problem(f)).FirstOrDefault(p => p is not null) is { } problem)
        {
            throw new SessionRefusedException(problem);
        }

        var changed = fields.Where(f => !View.SameAs(f, edit.Proposed)).ToArray();
        if (changed.Length == 0)
        {
            return this;
        }

        var sequence = Sequence + 1;
        var view = View;
        var stamps = new Dictionary<ViewField, FieldStamp>(Stamps);
        foreach (var field in changed)
        {
            view = view.With(field, edit.Proposed);
            stamps[field] = new FieldStamp(sequence, author);
        }

        return new SyncedView(view, sequence, stamps);
    }

    /// <summary>Who last changed <paramref name="field"/>, if anyone has.</summary>
    public FieldStamp? StampOf(ViewField field) => Stamps.TryGetValue(field, out var stamp) ? stamp : null;
}
