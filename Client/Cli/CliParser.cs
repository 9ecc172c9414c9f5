using ExplainHub.Client.Cli.Commands;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>Turns <c>args</c> into a typed <see cref="CliCommand"/>, or a <see cref="CliUsageException"/> that says what is wrong.</summary>
internal static class CliParser
{
    public static CliCommand Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new CliUsageException($"no command given; commands: {string.Join(", ", CommandSpecs.All.Select(c => c.Name))} (see explainhub --help)");
        }

        var name = args[0];
        if (name is "help" or "--help" or "-h")
        {
            return ParseHelp(args.Skip(1).ToArray());
        }

        if (name == CommandGrammar.CompletionCommandName)
        {
            return args.Count switch
            {
                1 => new CompletionCommand("bash"),
                2 when args[1] == "bash" => new CompletionCommand("bash"),
                _ => throw new CliUsageException("usage: explainhub completion [bash]   (source <(explainhub completion) in bash)"),
            };
        }

        if (name == CompletionCommand.QueryName)
        {
            return args.Count == 3 && int.TryParse(args[1], out var point)
                ? new CompletionCommand(null, args[2], point)
                : throw new CliUsageException("usage: explainhub __complete POINT LINE");
        }

        if (name == CommandSpecs.PerturbGroup)
        {
            if (args.Count < 2 || args[1].StartsWith('-'))
            {
                throw new CliUsageException("usage: explainhub perturb train|report|show [options]   (explainhub perturb train --help)");
            }

            name = $"{CommandSpecs.PerturbGroup}-{args[1]}";
            args = args.Skip(1).ToArray();
        }

        var spec = CommandSpecs.Find(name)
            ?? throw new CliUsageException($"unknown command '{name}'; commands: {string.Join(", ", CommandSpecs.All.Select(c => c.Name))}");
        var options = OptionReader.Read(spec, args.Skip(1).ToArray());
        if (options.Flag(CommandSpec.HelpFlag))
        {
            return new HelpCommand(spec);
        }

        var global = options.Global();
        return spec.Name switch
        {
            "datasets" => new DatasetsCommand(global),
            "import" => new ImportCommand(global, new DatasetImportRequest(
                options.RequiredText("format"),
                Path.GetFullPath(options.RequiredText("path")),
                options.Text("id"),
                options.Text("name"),
                options.Int("size", min: 8, max: 512),
                options.Flag("grey"),
                options.Flag("replace"))),
            "info" => new InfoCommand(global),
            "models" => new ModelsCommand(global),
            "train" => ParseTrain(global, options),
            "sweep" => ParseSweep(global, options),
            "checkpoints" => new CheckpointsCommand(global),
            "resume" => new ResumeCommand(global, options.RequiredText("checkpoint")),
            "predict" => new PredictCommand(
                global,
                options.RequiredText("model"),
                options.RequiredIntList("indices", min: 0),
                options.Split("split", DatasetSplit.Test)),
            "explain" => new ExplainCommand(
                global,
                options.RequiredText("model"),
                ImageOrIndex(options),
                options.Split("split", DatasetSplit.Test),
                options.Text("method") ?? ExplanationMethods.Cam,
                options.Int("target", min: 0),
                options.RequiredText("out"),
                options.Pairs("param") is { Count: > 0 } pairs ? pairs.Select(p => new MethodParameter(p.Key, p.Value)).ToArray() : null,
                options.Text("image"),
                Style(options)),
            "methods" => new MethodsCommand(global, options.RequiredText("model")),
            "compare" => new CompareCommand(
                global,
                List(options.RequiredText("models"), "models"),
                List(options.RequiredText("methods"), "methods"),
                options.Text("indices") is null ? [.. Enumerable.Range(0, 16)] : options.RequiredIntList("indices", min: 0),
                options.Split("split", DatasetSplit.Test),
                options.Number("rho") is { } rho ? (rho is > 0 and <= 1 ? rho : throw new CliUsageException($"--rho must be within (0, 1], not {rho}")) : 0.25,
                [.. options.Pairs("param").Select(p => new MethodParameter(p.Key, p.Value))],
                options.Text("out"),
                options.Text("image"),
                Style(options)),
            "evaluate" => ParseEvaluate(global, options),
            "leaderboard" => ParseLeaderboard(global, options),
            "export" => new ExportCommand(global, options.RequiredText("model"), Path.GetFullPath(options.RequiredText("out"))),
            "delete-model" => new DeleteModelCommand(global, options.RequiredText("model")),
            "import-model" => new ImportModelCommand(global, new ModelImportRequest(Path.GetFullPath(options.RequiredText("path")), options.Text("name"))),
            "represent" => new RepresentCommand(global, options.RequiredText("model"), options.RequiredText("out"), options.Split("split", DatasetSplit.Test),
                options.Int("index", min: 0), options.Text("image")),
            "report" => new ReportCommand(
                global,
                options.RequiredText("model"),
                options.Split("split", DatasetSplit.Test),
                options.Int("limit", min: 1)),
            "perturb-train" => new PerturbTrainCommand(global, new PerturbationRequest(
                options.RequiredText("classifier"),
                options.Int("reconstruction-epochs", min: 0, max: 1000) ?? 1,
                options.Int("fine-tune-epochs", min: 0, max: 1000) ?? 1,
                options.Int("batch-size", min: 1, max: 4096) ?? 32,
                options.PositiveDouble("lr") ?? 1e-3,
                options.Number("reconstruction-weight") ?? 0,
                options.Int("train-subset", min: 1),
                options.Flag("include-test-images"),
                options.Int("seed", min: 0) ?? 0,
                options.Text("widths") is null ? null : options.RequiredIntList("widths", min: 1),
                options.Text("name"))),
            "perturb-report" => new PerturbReportCommand(global, options.Text("model")),
            "perturb-show" => new PerturbShowCommand(global, options.RequiredText("model"), options.RequiredText("out"), options.Split("split", DatasetSplit.Test),
                options.Int("index", min: 0), options.Text("image"), options.Text("layer")),
            _ => throw new InvalidOperationException($"Command '{spec.Name}' has a spec but no parser."),
        };
    }

    private static EvaluateCommand ParseEvaluate(GlobalOptions global, OptionReader options)
    {
        var functionsText = options.Text("functions") ?? EvaluationPresets.Table1;
        var preset = functionsText == EvaluationPresets.Table1;
        var functions = preset ? EvaluationPresets.Table1Functions : FunctionSpec.ParseList(functionsText);
        var agreements = options.Text("agree") switch
        {
            null => preset ? EvaluationPresets.Table1Agreements : [],
            "none" => [],
            var text when preset => throw new CliUsageException($"--agree '{text}': table1 brings its own pairs; give --functions to choose others, or --agree none"),
            var text => FunctionSpec.ParseAgreements(text, functions.Count),
        };
        var images = options.Int("images", min: 1, max: EvaluationRequest.MaxImages) ?? EvaluationRequest.DefaultImages;
        var indices = options.Text("indices") is null ? null : options.RequiredIntList("indices", min: 0);
        var bases = options.Text("bases") is { } b ? List(b, "bases") : null;
        if (bases?.FirstOrDefault(x => !BaseImageKinds.All.Contains(x)) is { } unknown)
        {
            throw new CliUsageException($"--bases takes {string.Join(", ", BaseImageKinds.All)}, not '{unknown}'");
        }

        var rhos = options.Text("rho") is { } r ? List(r, "rho").Select(Rho).ToArray() : null;
        var target = options.Text("target") switch
        {
            null or "true" => ScoreTarget.TrueClass,
            "predicted" => ScoreTarget.Predicted,
            var t when int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) =>
                new ScoreTarget(ScoreTargetKind.FixedClass, c),
            var t => throw new CliUsageException($"--target is true, predicted or a class number, not '{t}'"),
        };
        var blur = new BlurKernel(options.Int("blur-size", min: 1, max: 255) ?? 17, options.PositiveDouble("blur-sigma") ?? 3.0);
        if (blur.Problem() is { } problem)
        {
            throw new CliUsageException($"--blur-size/--blur-sigma: {problem}");
        }

        var template = new EvaluationRequest(options.Text("dataset") ?? string.Empty, [], options.Split("split", DatasetSplit.Test), images, bases, rhos,
            null, target, options.Int("max-growths", min: 0, max: EvaluationRequest.MaxGrowthLimit) ?? 50, blur, options.Text("name"), indices,
            options.Int("curves", min: 0, max: EvaluationRequest.MaxCurveSteps) ?? 0, options.Flag("randomisation"));
        return new EvaluateCommand(global, List(options.RequiredText("models"), "models"), functions, agreements, template, options.Text("out"));
    }

    private static double Rho(string text) =>
        double.TryParse(text.TrimEnd('%'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
        && (text.EndsWith('%') ? value / 100 : value) is var rho && rho > 0 && rho <= 1
            ? rho
            : throw new CliUsageException($"--rho takes shares of the image within (0, 1] (0.25 or 25%), not '{text}'");

    // explain reads one image: a split's (--index) or a file's (--image), never both.
    private static int? ImageOrIndex(OptionReader options)
    {
        var index = options.Int("index", min: 0);
        return (index, options.Text("image")) switch
        {
            (null, null) => throw new CliUsageException("give --index N (an image of the split) or --image FILE"),
            ({ }, { }) => throw new CliUsageException("give --index or --image, not both"),
            _ => index,
        };
    }

    private static HeatmapStyle Style(OptionReader options)
    {
        var style = new HeatmapStyle(options.Text("colormap") ?? ColorMaps.Default, options.Number("opacity") ?? HeatmapStyle.DefaultOpacity);
        return style.Problem() is { } problem ? throw new CliUsageException($"--colormap/--opacity: {problem}") : style;
    }

    private static string[] List(string text, string name)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        return items.Any(string.IsNullOrEmpty)
            ? throw new CliUsageException($"--{name} must be a comma-separated list such as a,b, not '{text}'")
            : items;
    }

    // Each mode reads its own options; one given to another mode would be silently dropped (no files for --out).
    private static LeaderboardCommand ParseLeaderboard(GlobalOptions global, OptionReader options)
    {
        var (id, list, accuracy, perClass, dataset, output) = (options.Text("id"), options.Flag("list"), options.Flag("accuracy"),
            options.Flag("per-class"), options.Text("dataset"), options.Text("out"));
        (string Name, bool Given, bool Fits)[] checks =
        [
            ("--accuracy", accuracy, !list),
            ("--id", id is not null, !list && !accuracy),
            ("--out", output is not null, !list && !accuracy),
            ("--dataset", dataset is not null, accuracy),
            ("--per-class", perClass, accuracy),
        ];
        if (checks.FirstOrDefault(c => c.Given && !c.Fits).Name is { } unused)
        {
            var mode = list ? "--list" : accuracy ? "--accuracy" : "a stored evaluation's leaderboard";
            throw new CliUsageException($"{unused} does not go with {mode}: --list lists evaluations; --accuracy [--per-class] [--dataset ID] ranks models; otherwise [--id ID] [--out DIR] shows an evaluation.");
        }

        return new LeaderboardCommand(global, id, list, accuracy, perClass, dataset, output);
    }

    private static HelpCommand ParseHelp(string[] rest)
    {
        if (rest.Length == 0)
        {
            return new HelpCommand(null);
        }

        return new HelpCommand(CommandSpecs.Find(rest[0]) ?? throw new CliUsageException($"no help for unknown command '{rest[0]}'"));
    }

    private static TrainCommand ParseTrain(GlobalOptions global, OptionReader options)
    {
        // Unset options keep TrainRequest's defaults, which are the seed-001 recipe.
        var defaults = new TrainRequest(options.RequiredText("dataset"));
        var request = defaults with
        {
            ModelKind = options.Text("kind") ?? defaults.ModelKind,
            Epochs = options.Int("epochs", min: 1) ?? defaults.Epochs,
            BatchSize = options.Int("batch-size", min: 1) ?? defaults.BatchSize,
            LearningRate = options.PositiveDouble("lr") ?? defaults.LearningRate,
            TrainSubset = options.Int("train-subset", min: 1),
            TestSubset = options.Int("test-subset", min: 1),
            Seed = options.Int("seed", min: int.MinValue) ?? defaults.Seed,
            Name = options.Text("name"),
            Init = options.Choice("init", defaults.Init),
            Schedule = options.Choice("schedule", defaults.Schedule),
            StandardizeInputs = options.Flag("standardize"),
            Classical = ParseClassical(options),
            Augment = ParseAugmentation(options),
            Optimizer = options.Choice("optimizer", defaults.Optimizer),
            Momentum = options.Number("momentum") ?? defaults.Momentum,
            WeightDecay = options.Number("weight-decay") ?? defaults.WeightDecay,
            EarlyStoppingPatience = options.Int("early-stopping", min: 1),
            ValidationFraction = options.Number("validation-fraction") ?? defaults.ValidationFraction,
            StepEpochs = options.Int("step-epochs", min: 1) ?? defaults.StepEpochs,
            StepFactor = options.PositiveDouble("step-factor") ?? defaults.StepFactor,
        };
        if (request.Schedule != LearningRateSchedule.Step && (options.Text("step-epochs") is not null || options.Text("step-factor") is not null))
        {
            throw new CliUsageException("--step-epochs and --step-factor go with --schedule step");
        }

        return new TrainCommand(global, request);
    }

    private static SweepCommand ParseSweep(GlobalOptions global, OptionReader options)
    {
        var kind = options.RequiredText("kind");
        var parameterText = options.RequiredText("param");
        var parameter = SweepParameterNames.Parse(parameterText)
            ?? throw new CliUsageException($"--param must be one of {string.Join(", ", SweepParameterNames.All)}, not '{parameterText}'");
        var values = options.RequiredText("values").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length == 0)
        {
            throw new CliUsageException("--values needs at least one value, e.g. --values 10,50,100");
        }

        var request = new TrainRequest(options.RequiredText("dataset"), kind)
        {
            TrainSubset = options.Int("train-subset", min: 1),
            TestSubset = options.Int("test-subset", min: 1),
            Seed = options.Int("seed", min: int.MinValue) ?? 0,
            Classical = ParseClassical(options),
        };
        return new SweepCommand(global, new SweepRequest(request, parameter, values));
    }

    private static Augmentation? ParseAugmentation(OptionReader options)
    {
        var augmentation = new Augmentation(options.Number("rotate") ?? 0, options.Number("shift") ?? 0, options.Flag("flip"));
        if (augmentation.RotationDegrees < 0 || augmentation.MaxShiftPixels < 0)
        {
            throw new CliUsageException("--rotate and --shift must not be negative");
        }

        return augmentation.IsActive ? augmentation : null;
    }

    /// <summary>Classical settings when any is given; otherwise null, which means each family's defaults.</summary>
    private static ClassicalOptions? ParseClassical(OptionReader options)
    {
        string[] names = ["c", "kernel", "gamma", "degree", "coef0", "components", "estimators", "max-depth", "row-subsample",
            "feature-subsample", "tree-feature-subsample", "boosting-lr", "weak-learner", "boosting", "forest", "source", "mask-fraction"];
        if (!names.Any(n => options.Text(n) is not null) && !options.Flag("no-probabilities"))
        {
            return null;
        }

        var defaults = new ClassicalOptions();
        return defaults with
        {
            C = options.PositiveDouble("c") ?? defaults.C,
            Kernel = options.Text("kernel") ?? defaults.Kernel,
            Gamma = options.PositiveDouble("gamma"),
            Degree = options.Int("degree", min: 1, max: 10) ?? defaults.Degree,
            Coef0 = options.Number("coef0") ?? defaults.Coef0,
            Probabilities = !options.Flag("no-probabilities"),
            Components = options.Int("components", min: 1) ?? defaults.Components,
            Estimators = options.Int("estimators", min: 1),
            MaxDepth = options.Int("max-depth", min: 1, max: 64),
            RowSubsample = options.PositiveDouble("row-subsample") ?? defaults.RowSubsample,
            FeatureSubsample = options.PositiveDouble("feature-subsample"),
            TreeFeatureSubsample = options.PositiveDouble("tree-feature-subsample"),
            BoostingLearningRate = options.PositiveDouble("boosting-lr") ?? defaults.BoostingLearningRate,
            WeakLearner = options.Text("weak-learner")?.ToLowerInvariant() ?? defaults.WeakLearner,
            BoostingAlgorithm = options.Text("boosting")?.ToLowerInvariant() ?? defaults.BoostingAlgorithm,
            ForestAlgorithm = options.Text("forest")?.ToLowerInvariant() ?? defaults.ForestAlgorithm,
            SourceModelId = options.Text("source"),
            MaskFraction = options.PositiveDouble("mask-fraction") ?? defaults.MaskFraction,
        };
    }
}
