import 'reflect-metadata';
import { bootstrapHttpApp } from '@pledge/platform';
import { ProjectorModule } from './projector.module';

void bootstrapHttpApp(ProjectorModule, { appName: 'projector' }).catch((err: Error) => {
  process.stderr.write(`projector failed to start: ${err.message}\n`);
  process.exit(1);
});
