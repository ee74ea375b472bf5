# One INTERFACE target carries the language level, warnings and defines for every Wharf target.
add_library(wharf_options INTERFACE)
target_compile_features(wharf_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(wharf_options INTERFACE
    -Wall -Wextra -Wpedantic
    $<$<BOOL:${WHARF_WERROR}>:-Werror>)
target_compile_definitions(wharf_options INTERFACE
    # Protocols are bytes and the UI is text: every conversion between them is a decision.
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    WHARF_VERSION="${PROJECT_VERSION}")

# WHARF_FUZZ: everything is instrumented for libFuzzer and built with ASan and UBSan, so a bug in
# wharfcore is caught, not only in the fuzz target's own code (tools/dev fuzz configures this).
if(WHARF_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "WHARF_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
    endif()
    target_compile_options(wharf_options INTERFACE
        -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
        -fno-omit-frame-pointer)
    target_link_options(wharf_options INTERFACE -fsanitize=address,undefined)
endif()
