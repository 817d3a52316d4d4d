"""The pure core: frames and frozen values in, frames and frozen values out.

Nothing in this package touches files, the network, the environment or the clock;
the caller passes `now` and every input explicitly.
"""
