// Thread-local last error and the guard that keeps every C++ exception on this side of the ABI.
#pragma once
#include <c10/util/Exception.h>
#include <atomic>
#include <stdexcept>
#include <string>
#include "explainhub.h"

namespace eh {

void set_last_error(const std::string& message);
void clear_last_error();
const char* last_error_cstr();

extern std::atomic<int64_t> live_handles;

struct invalid_argument : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

inline void require(bool condition, const char* message) {
    if (!condition) throw invalid_argument(message);
}

inline void require(bool condition, const std::string& message) {
    if (!condition) throw invalid_argument(message);
}

// Runs body; maps exceptions to status codes with their message stored for eh_last_error().
template <typename Body>
eh_status guarded(Body&& body) noexcept {
    try {
        clear_last_error();
        body();
        return EH_OK;
    } catch (const invalid_argument& e) {
        set_last_error(e.what());
        return EH_INVALID_ARGUMENT;
    } catch (const c10::Error& e) {
        set_last_error(e.what_without_backtrace());
        return EH_TORCH_ERROR;
    } catch (const std::exception& e) {
        set_last_error(e.what());
        return EH_ERROR;
    } catch (...) {
        set_last_error("unknown native error");
        return EH_UNKNOWN_ERROR;
    }
}

}  // namespace eh
