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

extern "C" EH_API eh_status eh_image_decode(const uint8_t* data, int64_t length, uint8_t* out, int64_t capacity,
                                            int32_t* height, int32_t* width, int32_t* channels) {
    return eh::guarded([&] {
        eh::require(data != nullptr && length > 0, "no image data");
        eh::require(height != nullptr && width != nullptr && channels != nullptr, "size outputs must not be null");
        cv::Mat encoded(1, static_cast<int>(length), CV_8UC1, const_cast<uint8_t*>(data));
        cv::Mat image = cv::imdecode(encoded, cv::IMREAD_UNCHANGED);
        eh::require(!image.empty(), "not a decodable image (PNG, JPEG or BMP expected)");
        if (image.depth() != CV_8U) image.convertTo(image, CV_8U, image.depth() == CV_16U ? 1.0 / 257.0 : 1.0);
        cv::Mat rgb;
        if (image.channels() == 3) cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);
        else if (image.channels() == 4) cv::cvtColor(image, rgb, cv::COLOR_BGRA2RGBA);
        else rgb = image;
        *height = rgb.rows;
        *width = rgb.cols;
        *channels = rgb.channels();
        if (out == nullptr) return;
        const auto size = static_cast<int64_t>(rgb.total() * rgb.elemSize());
        eh::require(capacity >= size, "output buffer too small");
        cv::Mat packed = rgb.isContinuous() ? rgb : rgb.clone();
        std::memcpy(out, packed.data, static_cast<size_t>(size));
    });
}

extern "C" EH_API eh_status eh_image_decode_resized(const uint8_t* data, int64_t length, int32_t height, int32_t width,
                                                    int32_t channels, uint8_t* out) {
    return eh::guarded([&] {
        eh::require(data != nullptr && length > 0, "no image data");
        eh::require(out != nullptr, "output buffer is null");
        eh::require(height > 0 && width > 0, "target size must be positive");
        eh::require(channels == 1 || channels == 3, "channels must be 1 (grey) or 3 (RGB)");
        cv::Mat encoded(1, static_cast<int>(length), CV_8UC1, const_cast<uint8_t*>(data));
        cv::Mat image = cv::imdecode(encoded, channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
        eh::require(!image.empty(), "not a decodable image (PNG, JPEG or BMP expected)");
        if (channels == 3) cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
        cv::Mat sized;
        // Area averaging when shrinking (no aliasing), bilinear when enlarging.
        const bool shrinking = image.rows > height || image.cols > width;
        cv::resize(image, sized, cv::Size(width, height), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
        cv::Mat packed = sized.isContinuous() ? sized : sized.clone();
        std::memcpy(out, packed.data, static_cast<size_t>(height) * static_cast<size_t>(width) * static_cast<size_t>(channels));
    });
}
