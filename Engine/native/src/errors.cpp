#include "errors.h"

namespace eh {

namespace {
thread_local std::string last_error;
}

std::atomic<int64_t> live_handles{0};

void set_last_error(const std::string& message) { last_error = message; }
void clear_last_error() { last_error.clear(); }
const char* last_error_cstr() { return last_error.c_str(); }

}  // namespace eh

extern "C" EH_API const char* eh_last_error(void) { return eh::last_error_cstr(); }
