/*
 * openrouter/openrouter.h - umbrella header of libopenrouter, the C SDK for
 * the OpenRouter Models API. Include this one; link with
 * `pkg-config --libs openrouter`.
 */
#ifndef OPENROUTER_OPENROUTER_H
#define OPENROUTER_OPENROUTER_H

#include "openrouter/errors.h"
#include "openrouter/model.h"
#include "openrouter/client.h"

#endif
