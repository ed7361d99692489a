import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { openApiDocument } from '@mutuals/http';
import { schemaClassesWhile, schemaNameClashes } from './openapi-schema-classes';

/** Two different classes both called StageView, as two DTO files of one service might declare. */
function stageView(field: string) {
  class StageView {}
  ApiProperty({ type: String })(StageView.prototype, field);
  return StageView;
}
const JourneyStage = stageView('stage');
const RoundStage = stageView('round');

class JourneyView {
  @ApiProperty({ type: JourneyStage }) current!: object;
}

@Controller()
class StagesController {
  @Get('journey')
  @ApiOkResponse({ type: JourneyView })
  journey() {}

  @Get('round-stage')
  @ApiOkResponse({ type: RoundStage })
  roundStage() {}
}

describe('schema names shared by different classes', () => {
  const documentOf = async (controllers: (new () => unknown)[]) => {
    const app = (await Test.createTestingModule({ controllers }).compile()).createNestApplication({ logger: false });
    try {
      return openApiDocument(app, { name: 'test', title: 'Test', description: 'A test service' });
    } finally {
      await app.close();
    }
  };

  it('are found, though Swagger publishes one schema and refers to it for both', async () => {
    const classes = await schemaClassesWhile(() => documentOf([StagesController]));
    expect(classes.get('StageView')).toEqual(new Set([JourneyStage, RoundStage]));
    expect(schemaNameClashes(classes)).toEqual([expect.stringMatching(/^2 classes are published as schema StageView /)]);
  });

  it('are none when each class has its own name', async () => {
    @Controller()
    class JourneyController {
      @Get('journey')
      @ApiOkResponse({ type: JourneyView })
      journey() {}
    }
    const classes = await schemaClassesWhile(() => documentOf([JourneyController]));
    expect([...classes.keys()].sort()).toEqual(['ErrorBodyView', 'FieldProblemView', 'JourneyView', 'StageView']);
    expect(schemaNameClashes(classes)).toEqual([]);
  });
});
