// Runs a job to its end inside a test, with a bound, and hands back its error.
#pragma once

#include "net/error.h"

class Job;

class JobWaiter
{
public:
    // A Timeout error when the job did not finish in time (the job is left running).
    [[nodiscard]] static Error run(Job *job, int timeoutMs = 60000);
};
