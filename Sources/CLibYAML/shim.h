#ifndef MODELBUILD_CLIBYAML_SHIM_H
#define MODELBUILD_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
