// Process-wide settings: allocator tuning at load, thread count, seed, device.
#include <malloc.h>
#include <torch/torch.h>
#include <ATen/CPUGeneratorImpl.h>
#include <climits>
#include <cstring>
#include <sstream>
#include "augment.h"
#include "errors.h"
#include "runtime.h"

namespace {

// Page faults dominate CNN training on these machines when glibc hands freed activation buffers back
// to the OS after every step (shared/reference/README.md: 3-5x on ResNet/VGG). Keeping freed memory
// mapped makes the engine's timings comparable with the tuned reference.
__attribute__((constructor)) void keep_freed_memory_mapped() {
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
}

}  // namespace

namespace eh {

torch::Device default_device() {
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

}  // namespace eh

struct eh_generator {
    at::Generator generator;
};

extern "C" {

EH_API eh_status eh_generator_create(int64_t seed, eh_generator** out) {
    return eh::guarded([&] {
        eh::require(out != nullptr && seed >= 0, "out must not be null and the seed non-negative");
        *out = new eh_generator{at::detail::createCPUGenerator(static_cast<uint64_t>(seed))};
        ++eh::live_handles;
    });
}

EH_API eh_status eh_generator_free(eh_generator* generator) {
    return eh::guarded([&] {
        if (generator == nullptr) return;
        delete generator;
        --eh::live_handles;
    });
}

EH_API eh_status eh_generator_randperm(eh_generator* generator, int64_t count, int64_t* out) {
    return eh::guarded([&] {
        eh::require(generator != nullptr && out != nullptr, "generator and out must not be null");
        eh::require(count > 0, "count must be positive");
        auto permutation = torch::randperm(count, generator->generator, torch::TensorOptions().dtype(torch::kInt64));
        std::memcpy(out, permutation.data_ptr<int64_t>(), sizeof(int64_t) * static_cast<size_t>(count));
    });
}

EH_API eh_status eh_images_augment(const float* images, int64_t count, int64_t channels, int64_t height, int64_t width,
                                   double max_rotation_degrees, double max_shift_pixels, int32_t horizontal_flip,
                                   eh_generator* generator, float* out) {
    return eh::guarded([&] {
        eh::require(images != nullptr && out != nullptr && generator != nullptr, "buffers and generator must not be null");
        eh::require(count > 0 && channels > 0 && height > 0 && width > 0, "shape must be positive");
        eh::require(max_rotation_degrees >= 0 && max_shift_pixels >= 0, "rotation and shift must not be negative");
        auto x = torch::from_blob(const_cast<float*>(images), {count, channels, height, width}, torch::kFloat32);
        auto y = eh::augment(x, {max_rotation_degrees, max_shift_pixels, horizontal_flip != 0}, generator->generator).contiguous();
        std::memcpy(out, y.data_ptr<float>(), sizeof(float) * static_cast<size_t>(y.numel()));
    });
}

EH_API int32_t eh_abi_version(void) { return EH_ABI_VERSION; }

EH_API int64_t eh_live_handles(void) { return eh::live_handles.load(); }

EH_API eh_status eh_runtime_configure(int32_t threads, int64_t seed) {
    return eh::guarded([&] {
        if (threads > 0) at::set_num_threads(threads);
        if (seed >= 0) torch::manual_seed(static_cast<uint64_t>(seed));
    });
}

EH_API eh_status eh_runtime_describe(char* buf, int32_t capacity) {
    return eh::guarded([&] {
        eh::require(buf != nullptr && capacity > 0, "buffer must not be null");
        auto device = eh::default_device();
        std::ostringstream s;
        s << "torch=" << TORCH_VERSION << ";device=" << device.str()
          << ";cuda=" << (device.is_cuda() ? 1 : 0) << ";threads=" << at::get_num_threads();
        auto text = s.str();
        eh::require(static_cast<int32_t>(text.size()) < capacity, "buffer too small");
        std::memcpy(buf, text.c_str(), text.size() + 1);
    });
}

}  // extern "C"
