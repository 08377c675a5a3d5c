// chronomap: the thin executable; everything lives in the app, render and geo libraries.
#include "app/app.hpp"

int main(int argc, char** argv) { return app::run(argc, argv); }
