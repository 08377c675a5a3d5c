# Finds every system dependency; a missing one stops configuration with the Debian package to install.
# scripts/setup installs all of them.

function(chronomap_require found_var package what)
  if(NOT ${found_var})
    message(FATAL_ERROR "Chronomap needs ${what}: install the Debian package '${package}' "
                        "(sudo apt-get install ${package}, or run scripts/setup).")
  endif()
endfunction()

find_package(PkgConfig)
chronomap_require(PKG_CONFIG_FOUND pkg-config "pkg-config")

# GDAL (with PROJ and GEOS inside it)
find_package(GDAL CONFIG QUIET)
if(NOT GDAL_FOUND)
  find_package(GDAL QUIET)
endif()
chronomap_require(GDAL_FOUND libgdal-dev "GDAL 3")

# GLFW 3.3
pkg_check_modules(GLFW3 QUIET IMPORTED_TARGET glfw3>=3.3)
chronomap_require(GLFW3_FOUND libglfw3-dev "GLFW 3.3")

# EGL, for --render without a display
find_path(EGL_INCLUDE_DIR EGL/egl.h)
find_library(EGL_LIBRARY EGL)
set(EGL_OK FALSE)
if(EGL_INCLUDE_DIR AND EGL_LIBRARY)
  set(EGL_OK TRUE)
endif()
chronomap_require(EGL_OK libegl-dev "EGL")

# Dear ImGui 1.86 from libimgui-dev: the library, its headers, and the backends' sources
find_path(IMGUI_INCLUDE_DIR imgui.h PATH_SUFFIXES imgui)
find_library(IMGUI_LIBRARY imgui)
find_path(IMGUI_BACKENDS_SRC_DIR imgui_impl_opengl3.cpp
  PATHS /usr/share/doc/libimgui-dev/examples/backends NO_DEFAULT_PATH)
set(IMGUI_OK FALSE)
if(IMGUI_INCLUDE_DIR AND IMGUI_LIBRARY AND IMGUI_BACKENDS_SRC_DIR)
  set(IMGUI_OK TRUE)
endif()
chronomap_require(IMGUI_OK libimgui-dev "Dear ImGui with its backends' sources")
# Debian builds libimgui.a against the shared stb (stb_truetype, stb_rect_pack) from libstb-dev.
pkg_check_modules(STB QUIET IMPORTED_TARGET stb)
chronomap_require(STB_FOUND libstb-dev "stb (ImGui's font rasteriser)")

# glad 2 generator (python3-glad): the GL 3.3 core loader is generated at configure time
find_program(GLAD_EXECUTABLE glad PATHS /usr/bin NO_DEFAULT_PATH)
find_program(GLAD_EXECUTABLE glad)
chronomap_require(GLAD_EXECUTABLE python3-glad "the glad loader generator")

find_package(nlohmann_json 3 QUIET)
chronomap_require(nlohmann_json_FOUND nlohmann-json3-dev "nlohmann JSON")

find_package(Threads REQUIRED)

if(BUILD_TESTING OR NOT DEFINED BUILD_TESTING)
  find_package(Catch2 2 QUIET)
  chronomap_require(Catch2_FOUND catch2 "Catch2 2")
endif()
