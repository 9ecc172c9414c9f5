using System.Text;

namespace ExplainHub.Client.Cli;

/// <summary>The commands of <c>explainhub</c>, with the usage text <c>--help</c> prints.</summary>
internal static class CommandSpecs
{
    public static readonly CommandSpec Datasets = new(
        "datasets",
        "List the data sets the engine can train on.",
        "explainhub datasets",
        [],
        []);

    public static readonly CommandSpec Import = new(
        "import",
        "Import a data set into the engine's cache: FER2013 CSV, CIFAR-10 or STL-10 binaries, or a folder/zip with a folder per class.",
        "explainhub import --format fer2013|cifar10|stl10|image-folder --path PATH [--id ID] [--name TEXT] [--size N] [--grey] [--replace]\n"
        + "  --path is the engine's path: fer2013.csv, the folder of CIFAR-10's .bin batches or STL-10's *_X.bin/*_y.bin, or the image folder/zip\n"
        + "  image folders: --size N (default 64) --grey (default RGB); train/ test/ val/ at the top are kept as splits\n"
        + "  --replace: replace a data set already imported under the id (refused otherwise)",
        ["format", "path", "id", "name", "size"],
        ["grey", "replace"]);

    public static readonly CommandSpec Info = new(
        "info",
        "Show what the engine runs on (libtorch, device, threads) and what it can do.",
        "explainhub info",
        [],
        []);

    public static readonly CommandSpec Train = new(
        "train",
        "Train a model; progress on stderr, Ctrl+C cancels the job.",
        "explainhub train --dataset ID [--kind KIND] [--train-subset N] [--test-subset N] [--seed N] [--name TEXT]\n"
        + "  networks:  [--epochs N] [--batch-size N] [--lr X] [--init torch|glorot] [--schedule constant|cosine|step] [--standardize]\n"
        + "             [--step-epochs N] [--step-factor X]   (step: the rate times X every N epochs; default 10 and 0.1)\n"
        + "             [--optimizer adam|sgd] [--momentum X] [--weight-decay X] [--early-stopping PATIENCE] [--validation-fraction X]\n"
        + "             [--rotate DEGREES] [--shift PIXELS] [--flip]   (random augmentation of every training batch)\n"
        + "  classical: [--c X] [--kernel linear|poly|rbf|sigmoid] [--gamma X] [--degree N] [--coef0 X] [--no-probabilities]\n"
        + "             [--components N] [--estimators N] [--max-depth N] [--row-subsample X] [--feature-subsample X] [--tree-feature-subsample X] [--boosting-lr X]\n"
        + "             [--weak-learner xgboost|cart] [--boosting samme|samme.r]   (adaboost; cart + samme.r is scikit-learn's AdaBoostClassifier)\n"
        + "             [--forest breiman|xgboost]   (random-forest; breiman, the default, is scikit-learn's RandomForestClassifier)\n"
        + "  hybrids:   --source NETWORK_MODEL_ID [--mask-fraction RHO]   (cnn-svm: SVM on the network's GAP features; svm-mask: SVM on CAM-masked images)\n"
        + "  kinds: seed-cnn (default), five-conv-cnn, resnet18, resnet34, vgg13-bn, vgg16-bn, linear-svm, kernel-svm, pca-svm, pca-kernel-svm, kernel-pca-svm, random-forest, adaboost,\n"
        + "         cnn-svm, svm-mask ('explainhub info' lists what the engine has)",
        ["dataset", "epochs", "batch-size", "lr", "train-subset", "test-subset", "seed", "init", "schedule", "kind", "name",
         "c", "kernel", "gamma", "degree", "coef0", "components", "estimators", "max-depth", "row-subsample", "feature-subsample", "tree-feature-subsample", "boosting-lr", "weak-learner", "boosting", "forest",
         "source", "mask-fraction", "rotate", "shift", "optimizer", "momentum", "weight-decay", "early-stopping", "validation-fraction",
         "step-epochs", "step-factor"],
        ["standardize", "no-probabilities", "flip"]);

    public static readonly CommandSpec Checkpoints = new(
        "checkpoints",
        "List network runs saved after their last finished epoch that did not finish (cancelled, crashed, restarted).",
        "explainhub checkpoints",
        [],
        []);

    public static readonly CommandSpec Resume = new(
        "resume",
        "Go on with a network run from its checkpoint; with the same seed it ends where an uninterrupted run would.",
        "explainhub resume --checkpoint ID",
        ["checkpoint"],
        []);

    public static readonly CommandSpec Sweep = new(
        "sweep",
        "Train a classical kind once per value of one setting and print test accuracy per point as each finishes.",
        "explainhub sweep --dataset ID --kind KIND --param estimators|max-depth|components|kernel|c --values V1,V2,…\n"
        + "                 [--train-subset N] [--test-subset N] [--seed N] [any classical option of 'train' for the fixed settings]\n"
        + "  e.g. explainhub sweep --dataset fashion-mnist --kind adaboost --param estimators --values 10,50,100 --train-subset 5000",
        ["dataset", "kind", "param", "values", "train-subset", "test-subset", "seed",
         "c", "kernel", "gamma", "degree", "coef0", "components", "estimators", "max-depth", "row-subsample", "feature-subsample", "tree-feature-subsample", "boosting-lr", "weak-learner", "boosting", "forest",
         "source", "mask-fraction"],
        ["no-probabilities"]);

    public static readonly CommandSpec Models = new(
        "models",
        "List trained models.",
        "explainhub models",
        [],
        []);

    public static readonly CommandSpec Predict = new(
        "predict",
        "Classify images of the model's data set by index.",
        "explainhub predict --model ID --indices 0,1,2 [--split test|train|validation]",
        ["model", "indices", "split"],
        []);

    public static readonly CommandSpec Explain = new(
        "explain",
        "Explain one image: writes <out>/<model>_<image>_<method>.png (overlay), .npy (raw map), _heatmap.npy and .json.",
        "explainhub explain --model ID (--index N [--split test|train|validation] | --image FILE) --out DIR [--method M] [--param NAME=VALUE …]\n"
        + "                   [--target CLASS] [--colormap viridis|inferno|jet|turbo|confidence] [--opacity 0.5]\n"
        + "  methods: cam (default), grad-cam, gradient, excitation-backprop, c-mwp, occlusion, hadamard, tree-contributions; 'explainhub methods --model ID' lists\n"
        + "  those that apply and their parameters, e.g. --method occlusion --param patch=10% --param stride=2 --param fill=mean\n"
        + "  --image: a PNG, JPEG, BMP, WebP or GIF, converted to the model's input (a note says how)",
        ["model", "index", "image", "split", "method", "target", "out", "colormap", "opacity"],
        [],
        ["param"]);

    public static readonly CommandSpec Compare = new(
        "compare",
        "How alike the maps of several models and methods are on the same images: mean Spearman and top-ρ IoU per pair.",
        "explainhub compare --models ID,ID… --methods M,M… [--indices 0,1,… [--split test|train|validation] | --image FILE] [--rho 0.25]\n"
        + "                   [--param NAME=VALUE …] [--out DIR [--colormap viridis|inferno|jet|turbo|confidence] [--opacity 0.5]]\n"
        + "  every (model, method) pair that applies explains the same images (default: the first 16 of the split, each model its\n"
        + "  predicted class); --param goes to every method that takes NAME; --out writes agreement.json, spearman.csv, iou.csv\n"
        + "  and grid.png: the first image's maps, a row per model and a column per method",
        ["models", "methods", "indices", "image", "split", "rho", "out", "colormap", "opacity"],
        [],
        ["param"]);

    public static readonly CommandSpec Methods = new(
        "methods",
        "List the importance functions, which apply to a model (and why not the others) and their parameters.",
        "explainhub methods --model ID",
        ["model"],
        []);

    public static readonly CommandSpec Represent = new(
        "represent",
        "Draw a model's internal representation: class weights w_c (linear SVMs, PCA+SVM), kernel-PCA pre-images, tree feature importance, or a network's first two conv layers' feature maps for one image; PNG + .npy.",
        "explainhub represent --model ID --out DIR [--index N [--split test|train|validation] | --image FILE]\n"
        + "  networks: the feature maps of image N (default 0) or of FILE, one mosaic per layer (a tile per channel)",
        ["model", "out", "index", "split", "image"],
        []);

    public static readonly CommandSpec Export = new(
        "export",
        "Write a trained network as model.safetensors (PyTorch state_dict names, float32) + model.json (architecture, classes, input normalisation).",
        "explainhub export --model ID --out DIR   (DIR is on the engine's machine)",
        ["model", "out"],
        []);

    public static readonly CommandSpec ImportModel = new(
        "import-model",
        "Read an exported network (model.safetensors + model.json) back in as a new model.",
        "explainhub import-model --path DIR [--name TEXT]",
        ["path", "name"],
        []);

    public static readonly CommandSpec DeleteModel = new(
        "delete-model",
        "Delete a trained model and its files (refused while a job reads it); hybrids, combined models and evaluation results made from it stay.",
        "explainhub delete-model --model ID",
        ["model"],
        []);

    public static readonly CommandSpec Report = new(
        "report",
        "A model's classification report: precision, recall, F1 and support per class, averages, confusion matrix.",
        "explainhub report --model ID [--split test|train|validation] [--limit N]",
        ["model", "split", "limit"],
        []);

    public static readonly CommandSpec Evaluate = new(
        "evaluate",
        "Score importance functions with SCG and CCG (seed 002) on the same images as one job; prints the Table-1 leaderboard.",
        "explainhub evaluate --models ID,ID… [--functions table1 | \"M;M(name=value,…);…\"] [--agree 1+2;1+2+3|none]\n"
        + "                    [--images 200 | --indices 0,1,…] [--split test|train|validation] [--bases blur,zeros] [--rho 0.25,0.05]\n"
        + "                    [--target true|predicted|N] [--max-growths 50] [--blur-size 17] [--blur-sigma 3] [--name TEXT] [--curves STEPS] [--randomisation] [--out DIR]\n"
        + "  table1 (the default): occlusion at 4.4%, 22% and 44% of the side, gradient with 0, 2 and 5 dilations, CAM, Grad-CAM,\n"
        + "  c-MWP and the pairs grad(5)+occ(4.4%), c-MWP+grad(5), c-MWP+occ(4.4%), each where it applies; --agree numbers the\n"
        + "  functions from 1; --curves 20 adds deletion/insertion curves and their AUCs per function and base;\n"
        + "  --randomisation re-initialises each network from the head down and says how much each function's maps change;\n"
        + "  --out writes evaluation.json, leaderboard.json and leaderboard.csv",
        ["curves", "models", "functions", "agree", "images", "indices", "split", "bases", "rho", "target", "max-growths", "blur-size", "blur-sigma", "name", "dataset", "out"],
        ["randomisation"]);

    public static readonly CommandSpec Leaderboard = new(
        "leaderboard",
        "A stored evaluation as the Table-1 leaderboard; --list the stored ones; --accuracy the models ranked by test accuracy.",
        "explainhub leaderboard [--id EVAL] [--out DIR] | --list | --accuracy [--dataset ID] [--per-class]\n"
        + "  without --id the newest evaluation; --out writes evaluation.json, leaderboard.json and leaderboard.csv",
        ["id", "out", "dataset"],
        ["list", "accuracy", "per-class"]);

    public static readonly CommandSpec PerturbTrain = new(
        "perturb-train",
        "Seed 004: train a U-Net autoencoder on a network's data set, then fine-tune it through the frozen network; a combined model and its Table 4.1 row.",
        "explainhub perturb train --classifier NETWORK_MODEL_ID [--reconstruction-epochs N] [--fine-tune-epochs N] [--batch-size N] [--lr X]\n"
        + "                        [--reconstruction-weight X] [--train-subset N] [--widths 32,64,128,256] [--seed N] [--name TEXT] [--include-test-images]\n"
        + "  defaults: 1 + 1 epochs, batch 32, Adam 1e-3, weight 0 (the seed's loss), the whole training split, the reference's widths\n"
        + "  --include-test-images trains on the test split too, as the seed's 'full' rows did; every figure of such a model says so",
        ["classifier", "reconstruction-epochs", "fine-tune-epochs", "batch-size", "lr", "reconstruction-weight", "train-subset", "widths", "seed", "name"],
        ["include-test-images"]);

    public static readonly CommandSpec PerturbReport = new(
        "perturb-report",
        "Seed 004's Table 4.1: the classifier alone and the combined model on train and test, for every combined model or one.",
        "explainhub perturb report [--model ID]",
        ["model"],
        []);

    public static readonly CommandSpec PerturbShow = new(
        "perturb-show",
        "Seed 004's figures for one image: input, autoencoder output, difference map, Grad-CAM before/after (correct or not), first two conv layers' maps; PNG + .npy + JSON.",
        "explainhub perturb show --model COMBINED_MODEL_ID --out DIR [--index N [--split test|train|validation] | --image FILE] [--layer NAME]\n"
        + "  --layer: the layer Grad-CAM weights (default: the last block; 'explainhub methods --model ID' lists the layers)",
        ["model", "out", "index", "split", "image", "layer"],
        []);

    /// <summary>'perturb train' is the command 'perturb-train': the group word and the action, written either way.</summary>
    public const string PerturbGroup = "perturb";

    public static IReadOnlyList<CommandSpec> All { get; } = [Datasets, Import, Info, Train, Checkpoints, Resume, Sweep, Models, Predict, Explain, Methods, Compare, Evaluate, Leaderboard, Represent, Export, ImportModel, DeleteModel, Report,
        PerturbTrain, PerturbReport, PerturbShow];

    public static CommandSpec? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    public static string Overview()
    {
        var text = new StringBuilder()
            .AppendLine("explainhub — train, inspect and explain ExplainHub models from the command line.")
            .AppendLine()
            .AppendLine("Usage: explainhub <command> [options]")
            .AppendLine()
            .AppendLine("Commands:");
        var width = All.Max(c => c.Name.Length) + 2;
        foreach (var command in All)
        {
            text.AppendLine("  " + command.Name.PadRight(width) + command.Summary);
        }

        text.AppendLine("  " + CommandGrammar.CompletionCommandName.PadRight(width) + "Print a bash completion script: source <(explainhub completion)");

        return text
            .AppendLine()
            .Append(GlobalOptionsText())
            .AppendLine()
            .AppendLine("'explainhub <command> --help' shows a command's options.")
            .ToString();
    }

    public static string Help(CommandSpec command) => new StringBuilder()
        .AppendLine(command.Summary)
        .AppendLine()
        .AppendLine("Usage: " + command.Usage)
        .AppendLine()
        .Append(GlobalOptionsText())
        .ToString();

    private static string GlobalOptionsText() => new StringBuilder()
        .AppendLine("Options of every command:")
        .AppendLine("  --engine URL  use the engine host at URL (http://host:5090); without it the engine runs in this process")
        .AppendLine("  --json        write the result as JSON to stdout")
        .AppendLine("  --help        show help")
        .ToString();
}
