using ExplainHub.Engine.Data;
using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Jobs;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Scores;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>SCG/CCG evaluations: checked when asked for, run as jobs with progress and cancellation, stored when done.</summary>
public sealed class EvaluationService(ModelStore models, DatasetCatalog datasets, IReadOnlyList<IImportanceFunction> functions, JobRunner jobs,
    EvaluationStore store, TorchRuntimeService runtime)
{
    public JobInfo Start(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        runtime.EnsureStarted();
        var plan = EvaluationPlan.Check(request, models, datasets, functions);
        return jobs.StartEvaluation(request, job =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = EvaluationRun.Run(plan, datasets, EvaluationStore.NewId(), step =>
            {
                var elapsed = clock.Elapsed.TotalSeconds;
                var eta = step.Done > 0 ? elapsed * (step.Total - step.Done) / step.Done : 0;
                job.Report(new TrainingProgress(job.Id, TrainingPhase.Batch, 1, 1, step.Done, step.Total, 0, 0, null, 0, eta, JobState.Running,
                    Step: step.What));
            }, job.CancellationToken);
            store.Add(result);
            return result.Id;
        }).Info;
    }

    public EvaluationResult Get(string id) => store.Get(id);

    public IReadOnlyList<EvaluationInfo> List() => store.List();
}
