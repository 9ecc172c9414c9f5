using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native;

/// <summary>The C ABI of Engine/native/include/explainhub.h, one declaration per export.</summary>
internal static partial class NativeMethods
{
    public const string Library = "explainhub_native";

    /// <summary>The ABI this assembly was written against; checked when the library loads.</summary>
    public const int ExpectedAbiVersion = 12;

    [LibraryImport(Library, EntryPoint = "eh_abi_version")]
    public static partial int AbiVersion();

    [LibraryImport(Library, EntryPoint = "eh_last_error")]
    public static partial IntPtr LastError();

    [LibraryImport(Library, EntryPoint = "eh_live_handles")]
    public static partial long LiveHandles();

    [LibraryImport(Library, EntryPoint = "eh_runtime_configure")]
    public static partial int RuntimeConfigure(int threads, long seed);

    [LibraryImport(Library, EntryPoint = "eh_generator_create")]
    public static partial int GeneratorCreate(long seed, out GeneratorHandle generator);

    [LibraryImport(Library, EntryPoint = "eh_generator_free")]
    public static partial int GeneratorFree(IntPtr generator);

    [LibraryImport(Library, EntryPoint = "eh_generator_randperm")]
    public static unsafe partial int GeneratorRandperm(GeneratorHandle generator, long count, long* output);

    [LibraryImport(Library, EntryPoint = "eh_runtime_describe")]
    public static unsafe partial int RuntimeDescribe(byte* buffer, int capacity);

    [LibraryImport(Library, EntryPoint = "eh_net_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int NetCreate(string arch, long channels, long height, long width, long classes, out NetHandle net);

    [LibraryImport(Library, EntryPoint = "eh_net_free")]
    public static partial int NetFree(IntPtr net);

    [LibraryImport(Library, EntryPoint = "eh_net_parameter_count")]
    public static partial int NetParameterCount(NetHandle net, out long count);

    [LibraryImport(Library, EntryPoint = "eh_net_set_optimizer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int NetSetOptimizer(NetHandle net, string kind, double learningRate, double momentum, double weightDecay);

    [LibraryImport(Library, EntryPoint = "eh_net_set_learning_rate")]
    public static partial int NetSetLearningRate(NetHandle net, double learningRate);

    [LibraryImport(Library, EntryPoint = "eh_net_set_input_normalization")]
    public static unsafe partial int NetSetInputNormalization(NetHandle net, float* mean, float* std, long channels);

    [LibraryImport(Library, EntryPoint = "eh_net_set_augmentation")]
    public static partial int NetSetAugmentation(NetHandle net, double maxRotationDegrees, double maxShiftPixels, int horizontalFlip, long seed);

    [LibraryImport(Library, EntryPoint = "eh_images_augment")]
    public static unsafe partial int ImagesAugment(float* images, long count, long channels, long height, long width,
        double maxRotationDegrees, double maxShiftPixels, int horizontalFlip, GeneratorHandle generator, float* output);

    [LibraryImport(Library, EntryPoint = "eh_net_initialize", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int NetInitialize(NetHandle net, string scheme);

    [LibraryImport(Library, EntryPoint = "eh_net_train_step")]
    public static unsafe partial int NetTrainStep(NetHandle net, float* images, long* labels, long count, out float loss, out long correct);

    [LibraryImport(Library, EntryPoint = "eh_net_predict")]
    public static unsafe partial int NetPredict(NetHandle net, float* images, long count, float* probabilities);

    [LibraryImport(Library, EntryPoint = "eh_net_cam")]
    public static unsafe partial int NetCam(NetHandle net, float* images, long count, long* targets, float* maps, long* usedTargets, float* probabilities);

    [LibraryImport(Library, EntryPoint = "eh_net_feature_count")]
    public static partial int NetFeatureCount(NetHandle net, out long count);

    [LibraryImport(Library, EntryPoint = "eh_net_features")]
    public static unsafe partial int NetFeatures(NetHandle net, float* images, long count, float* features);

    [LibraryImport(Library, EntryPoint = "eh_net_state_count")]
    public static partial int NetStateCount(NetHandle net, out long count);

    [LibraryImport(Library, EntryPoint = "eh_net_state_describe")]
    public static unsafe partial int NetStateDescribe(NetHandle net, long index, byte* name, int capacity, long* shape, out int rank);

    [LibraryImport(Library, EntryPoint = "eh_net_state_get")]
    public static unsafe partial int NetStateGet(NetHandle net, long index, float* values, long count);

    [LibraryImport(Library, EntryPoint = "eh_net_state_set")]
    public static unsafe partial int NetStateSet(NetHandle net, long index, float* values, long count);

    [LibraryImport(Library, EntryPoint = "eh_net_checkpoint_save", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int NetCheckpointSave(NetHandle net, string path);

    [LibraryImport(Library, EntryPoint = "eh_net_checkpoint_load", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int NetCheckpointLoad(NetHandle net, string path);

    [LibraryImport(Library, EntryPoint = "eh_net_save", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int NetSave(NetHandle net, string path);

    [LibraryImport(Library, EntryPoint = "eh_net_load", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int NetLoad(NetHandle net, string path);

    [LibraryImport(Library, EntryPoint = "eh_image_decode")]
    public static unsafe partial int ImageDecode(byte* data, long length, byte* output, long capacity, out int height, out int width, out int channels);

    [LibraryImport(Library, EntryPoint = "eh_image_decode_resized")]
    public static unsafe partial int ImageDecodeResized(byte* data, long length, int height, int width, int channels, byte* output);

    [LibraryImport(Library, EntryPoint = "eh_png_encode")]
    public static unsafe partial int PngEncode(byte* pixels, int height, int width, int channels, byte* output, long capacity, out long length);
}
