/* ExplainHub native bridge — the C ABI P/Invoked by Engine/Native.
 * Rules (DESIGN §4): every function returns an eh_status; on failure the message is read with
 * eh_last_error() on the same thread right after the call. Handles come from *_create and are released
 * by *_free. Buffers are caller-owned with explicit lengths. No C++ exception crosses this boundary. */
#ifndef EXPLAINHUB_H
#define EXPLAINHUB_H
#include <stdint.h>

#define EH_API __attribute__((visibility("default")))
#define EH_ABI_VERSION 12

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t eh_status;
enum {
    EH_OK = 0,
    EH_INVALID_ARGUMENT = 1,
    EH_TORCH_ERROR = 2,
    EH_ERROR = 3,
    EH_UNKNOWN_ERROR = 4
};

typedef struct eh_net eh_net;
typedef struct eh_generator eh_generator;

EH_API int32_t eh_abi_version(void);
EH_API const char* eh_last_error(void);
/* Number of handles created and not yet freed; tests assert it returns to zero. */
EH_API int64_t eh_live_handles(void);

/* threads <= 0 keeps the current count; seed < 0 keeps the generator as it is. */
EH_API eh_status eh_runtime_configure(int32_t threads, int64_t seed);
/* A CPU random generator, as torch.Generator().manual_seed(seed): its randperm draws are those a PyTorch
 * training loop shuffles with, so a run can see its data in the same order as the reference. */
EH_API eh_status eh_generator_create(int64_t seed, eh_generator** out);
EH_API eh_status eh_generator_free(eh_generator* generator);
EH_API eh_status eh_generator_randperm(eh_generator* generator, int64_t count, int64_t* out);
/* Writes "torch=<version>;device=<cpu|cuda:N>;cuda=<0|1>;threads=<n>" into buf. */
EH_API eh_status eh_runtime_describe(char* buf, int32_t capacity);

/* arch: "seed-cnn". Input is N×channels×height×width float32. */
EH_API eh_status eh_net_create(const char* arch, int64_t channels, int64_t height, int64_t width,
                               int64_t classes, eh_net** out);
EH_API eh_status eh_net_free(eh_net* net);
EH_API eh_status eh_net_parameter_count(eh_net* net, int64_t* out);
/* kind: "adam" or "sgd" (momentum, weight decay). Resets the optimiser state. */
EH_API eh_status eh_net_set_optimizer(eh_net* net, const char* kind, double learning_rate,
                                      double momentum, double weight_decay);
/* Sets the learning rate of every parameter group, for schedules driven from C#. */
EH_API eh_status eh_net_set_learning_rate(eh_net* net, double learning_rate);
/* Re-initialises the weights: "glorot" = Xavier-uniform weights and zero biases (Keras' default, which the
 * seed-001 figures were made with); "torch" = libtorch's defaults (Kaiming-uniform, a = sqrt 5). */
EH_API eh_status eh_net_initialize(eh_net* net, const char* scheme);
/* Per-channel input standardisation (x − mean)/std applied inside the network (saved with it). */
EH_API eh_status eh_net_set_input_normalization(eh_net* net, const float* mean, const float* std, int64_t channels);
/* Random augmentation applied to every training batch on the network's device before the step: rotation
 * uniform in ±max_rotation_degrees about the centre, shift uniform in ±max_shift_pixels, mirror with probability ½
 * when horizontal_flip; bilinear, zeros outside. Draws come from a generator seeded with `seed`. All zero = off. */
EH_API eh_status eh_net_set_augmentation(eh_net* net, double max_rotation_degrees, double max_shift_pixels,
                                         int32_t horizontal_flip, int64_t seed);
/* The same augmentation on a batch of count×channels×height×width images, for previews and tests. */
EH_API eh_status eh_images_augment(const float* images, int64_t count, int64_t channels, int64_t height, int64_t width,
                                   double max_rotation_degrees, double max_shift_pixels, int32_t horizontal_flip,
                                   eh_generator* generator, float* out);
/* One optimiser step on a batch; returns the batch's mean loss and number of correct predictions. */
EH_API eh_status eh_net_train_step(eh_net* net, const float* images, const int64_t* labels, int64_t count,
                                   float* loss, int64_t* correct);
/* Softmax probabilities, count×classes, evaluation mode, no gradients. */
EH_API eh_status eh_net_predict(eh_net* net, const float* images, int64_t count, float* probabilities);
/* Class activation maps (GAP head): for each image the target class's map sum_k w_k^c F_k, bilinearly
 * upsampled to height×width with each feature cell at its receptive-field centre (raw, signed). targets[i] < 0 means "the predicted class"; the class used
 * is written back into used_targets. probabilities receives count×classes. */
EH_API eh_status eh_net_cam(eh_net* net, const float* images, int64_t count, const int64_t* targets,
                            float* maps, int64_t* used_targets, float* probabilities);
/* K, the number of GAP features (channels of the last conv block) the head reads. */
EH_API eh_status eh_net_feature_count(eh_net* net, int64_t* out);
/* The GAP features of each image, count×K, evaluation mode, no gradients (the input of CNN+SVM's SVM). */
EH_API eh_status eh_net_features(eh_net* net, const float* images, int64_t count, float* features);
/* The floating-point state (parameters, then buffers), by index: its count, each tensor's dotted name and shape
 * (rank ≤ 8), and its values as float32 to read or write (for export to and import from safetensors). */
EH_API eh_status eh_net_state_count(eh_net* net, int64_t* count);
EH_API eh_status eh_net_state_describe(eh_net* net, int64_t index, char* name, int32_t capacity, int64_t* shape,
                                       int32_t* rank);
EH_API eh_status eh_net_state_get(eh_net* net, int64_t index, float* values, int64_t count);
EH_API eh_status eh_net_state_set(eh_net* net, int64_t index, const float* values, int64_t count);
EH_API eh_status eh_net_save(eh_net* net, const char* path);
/* Everything a training run needs to go on where it stopped: weights and buffers, the optimiser's state (set the
 * same optimiser before loading) and the augmentation generator's state. */
EH_API eh_status eh_net_checkpoint_save(eh_net* net, const char* path);
EH_API eh_status eh_net_checkpoint_load(eh_net* net, const char* path);
EH_API eh_status eh_net_load(eh_net* net, const char* path);

/* Dense linear algebra for the classical models, float64 inside (libtorch's LAPACK/BLAS) except where said. All
 * matrices row-major. PCA of count×dimension samples (covariance GEMM in float32, eigensolver in float64): mean (dimension), the top `components` axes (components×dimension, unit
 * length, largest loading positive), their variances (descending) and the total variance of the data. */
EH_API eh_status eh_linalg_pca_fit(const float* samples, int64_t count, int64_t dimension, int64_t components,
                                   float* mean, float* axes, double* variances, double* total_variance);
/* Coordinates (samples − mean)·axesᵀ of count×dimension samples on components×dimension axes, float64 inside. */
EH_API eh_status eh_linalg_pca_transform(const float* samples, int64_t count, int64_t dimension, const float* mean,
                                         const float* axes, int64_t components, float* out);
/* Kernel matrix K(a_i, b_j), rows_a×rows_b: "linear" a·b, "poly" (gamma a·b + coef0)^degree,
 * "rbf" exp(−gamma |a−b|²), "sigmoid" tanh(gamma a·b + coef0) — LIBSVM's definitions. */
EH_API eh_status eh_linalg_kernel(const char* kind, const float* a, int64_t rows_a, const float* b, int64_t rows_b,
                                  int64_t dimension, double gamma, double coef0, int32_t degree, double* out);
/* Dot products a·bᵀ (rows_a×rows_b) of float64 rows, written into out with no temporary of its size. */
EH_API eh_status eh_linalg_dot_into(const double* a, int64_t rows_a, const double* b, int64_t rows_b, int64_t dimension,
                                    double* out);
/* The `count` largest eigenvalues (descending) of a symmetric size×size matrix and their eigenvectors
 * (count×size, one a row). */
EH_API eh_status eh_linalg_eigh_top(const double* matrix, int64_t size, int64_t count, double* values, double* vectors);
/* Solves (matrix + ridge·I) X = rhs for a symmetric positive-definite matrix (Cholesky); rhs is size×columns. */
EH_API eh_status eh_linalg_solve_spd(const double* matrix, int64_t size, const double* rhs, int64_t columns,
                                     double ridge, double* solution);
/* out = a (rows×inner) · b (inner×columns). */
EH_API eh_status eh_linalg_matmul(const double* a, int64_t rows, int64_t inner, const double* b, int64_t columns,
                                  double* out);

/* One weighted classification tree (CART: binary splits "x[feature] <= threshold goes left", weighted Gini gain),
 * each node's split found by OpenCV's DTrees, over `threads` feature ranges at once. count×features samples,
 * row-major; labels any integers; weights finite and not negative. A node is a leaf at depth max_depth (the root
 * has depth 0), below min_samples_split rows, when its rows are of one class, or when no feature takes two values
 * in it (any other split is taken, as scikit-learn's with min_impurity_decrease 0). Nodes come
 * out in pre-order (node 0 the root); a leaf has feature −1 and children −1. capacity is the length of the four
 * output arrays; 2^(max_depth+1) − 1 always suffices. */
EH_API eh_status eh_tree_fit(const float* samples, int64_t count, int32_t features, const int32_t* labels,
                             const float* weights, int32_t max_depth, int32_t min_samples_split, int32_t threads,
                             int32_t capacity, int32_t* node_count, int32_t* feature, float* threshold,
                             int32_t* left, int32_t* right);

/* PNG through OpenCV's codec. pixels: height×width×channels bytes (1 grey, 3 RGB, 4 RGBA).
 * With out == NULL, writes the encoded size to out_length; otherwise out must hold capacity bytes. */
EH_API eh_status eh_png_encode(const uint8_t* pixels, int32_t height, int32_t width, int32_t channels,
                               uint8_t* out, int64_t capacity, int64_t* out_length);

/* Decodes PNG/JPEG/BMP (OpenCV imgcodecs) to height×width×channels bytes: 1 grey, 3 RGB or 4 RGBA, as stored.
 * With out == NULL, only writes the size; otherwise out must hold height×width×channels bytes. */
EH_API eh_status eh_image_decode(const uint8_t* data, int64_t length, uint8_t* out, int64_t capacity,
                                 int32_t* height, int32_t* width, int32_t* channels);

/* Decodes PNG/JPEG/BMP as grey (channels 1) or RGB (3) and resizes it to height×width (area averaging when
 * shrinking, bilinear when enlarging); out receives height×width×channels bytes. */
EH_API eh_status eh_image_decode_resized(const uint8_t* data, int64_t length, int32_t height, int32_t width,
                                         int32_t channels, uint8_t* out);

#ifdef __cplusplus
}
#endif
#endif
