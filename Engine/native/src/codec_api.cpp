// eh_png_encode: PNG through OpenCV's imgcodecs (libpng underneath) — never a hand-written codec.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <cstring>
#include <vector>
#include "errors.h"

extern "C" EH_API eh_status eh_png_encode(const uint8_t* pixels, int32_t height, int32_t width, int32_t channels,
                                          uint8_t* out, int64_t capacity, int64_t* out_length) {
    return eh::guarded([&] {
        eh::require(pixels != nullptr && out_length != nullptr, "buffers must not be null");
        eh::require(height > 0 && width > 0, "image size must be positive");
        eh::require(channels == 1 || channels == 3 || channels == 4, "channels must be 1, 3 or 4");
        cv::Mat image(height, width, CV_8UC(channels), const_cast<uint8_t*>(pixels));
        cv::Mat bgr;
        if (channels == 3) cv::cvtColor(image, bgr, cv::COLOR_RGB2BGR);
        else if (channels == 4) cv::cvtColor(image, bgr, cv::COLOR_RGBA2BGRA);
        else bgr = image;
        std::vector<uint8_t> encoded;
        eh::require(cv::imencode(".png", bgr, encoded), "PNG encoding failed");
        *out_length = static_cast<int64_t>(encoded.size());
        if (out == nullptr) return;
        eh::require(capacity >= static_cast<int64_t>(encoded.size()), "output buffer too small");
        std::memcpy(out, encoded.data(), encoded.size());
    });
}
