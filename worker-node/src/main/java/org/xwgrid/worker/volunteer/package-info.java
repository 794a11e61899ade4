/**
 * The volunteer mode: when a worker running on someone's desktop may compute.
 *
 * <p>{@link org.xwgrid.worker.volunteer.VolunteerSettings} (read once) gives the policy. Every
 * {@code sample-interval} the worker asks {@link org.xwgrid.worker.volunteer.OwnerActivity} whether
 * the owner is active (the host's load without the worker's own tasks, see {@link
 * org.xwgrid.worker.volunteer.HostLoad}, or a simulated owner file), asks {@link
 * org.xwgrid.worker.volunteer.TimeWindows} whether now is in a window, and feeds both to the pure
 * {@link org.xwgrid.worker.volunteer.Volunteer} state machine, whose {@code Decision} says whether
 * to take work and whether to pause, resume or withdraw the tasks it holds. {@link
 * org.xwgrid.worker.volunteer.CpuBudget} turns the maximum CPU share into slots and per-task CPU
 * limits.
 */
package org.xwgrid.worker.volunteer;
