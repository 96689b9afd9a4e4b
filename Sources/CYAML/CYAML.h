// The libyaml C API (libyaml-dev 0.2.5 on Debian 12). BrambleYAML uses its event API only.
#ifndef BRAMBLE_CYAML_H
#define BRAMBLE_CYAML_H

#include <yaml.h>

#endif
