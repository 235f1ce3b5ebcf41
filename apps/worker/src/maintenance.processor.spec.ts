import { Job } from 'bullmq';
import { JobDispatcher } from './job-dispatcher';
import { MaintenanceProcessor } from './maintenance.processor';

describe('MaintenanceProcessor', () => {
  const job = { id: '1', name: 'report-rollup', queueName: 'maintenance', data: {} } as Job;

  it('logs a failed job with its name and rethrows, so the job fails', async () => {
    const dispatcher = {
      dispatch: () => Promise.reject(new Error('database went away')),
    } as unknown as JobDispatcher;
    const processor = new MaintenanceProcessor(dispatcher);
    const logged = jest.spyOn(processor['logger'], 'error').mockImplementation(() => undefined);
    await expect(processor.process(job)).rejects.toThrow('database went away');
    expect(logged).toHaveBeenCalledWith('report-rollup failed: database went away');
  });

  it("answers the handler's result", async () => {
    const dispatcher = {
      dispatch: () => Promise.resolve({ moved: 3 }),
    } as unknown as JobDispatcher;
    await expect(new MaintenanceProcessor(dispatcher).process(job)).resolves.toEqual({ moved: 3 });
  });
});
