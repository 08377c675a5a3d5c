#pragma once
namespace app {
// The whole program: parses the command line, loads, then runs the window or renders headless.
int run(int argc, char** argv);
}  // namespace app
