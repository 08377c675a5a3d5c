// --state-out: the view state as JSON (shape of shared/design/state-example.json). Field names are a
// contract users' scripts rely on: add fields, never rename them.
#pragma once
#include <string>

#include "app/app_state.hpp"

namespace app {
std::string stateJson(const AppState& s);
bool writeState(const AppState& s, const std::string& path, std::string* error);
}  // namespace app
